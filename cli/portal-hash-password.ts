// `npm run --silent portal:hash-password < file`: the scrypt hash of the password on stdin, for
// DISPATCH_PORTAL_ACCOUNTS (user:role:hash). Read from stdin so the password stays out of shell history.
import { hashPassword } from '../portal/accounts';

async function main() {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password.length < 12) {
    console.error('the password (on stdin) must be at least 12 characters');
    process.exit(2);
  }
  console.log(await hashPassword(password));
}

void main();
