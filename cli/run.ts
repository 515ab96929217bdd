import type { Client } from '@temporalio/client';
import { connectClient } from '../temporal-config/client';
import { loadConfigOrExit, type AppConfig } from '../config';
import { UsageError } from './usage-error';

/**
 * The shape every engine CLI shares: arguments parsed first (no server needed to be told the usage),
 * then config (exits 78 listing bad variables), a client with the
 * engine's encrypting data converter, closed afterwards; usage errors exit 2 with the usage text,
 * other errors exit 1 with their message (or what `explain` says about them).
 */
export function runCli<A>(
  usage: string,
  parse: (argv: string[]) => A,
  body: (args: A, client: Client, config: AppConfig) => Promise<void>,
  explain?: (err: unknown) => string | undefined,
): void {
  const main = async () => {
    const args = parse(process.argv.slice(2));
    const config = loadConfigOrExit();
    const client = await connectClient(config);
    try {
      await body(args, client, config);
    } finally {
      await client.connection.close();
    }
  };
  main().catch((err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${usage}`);
      process.exit(2);
    }
    console.error(explain?.(err) ?? (err instanceof Error ? err.message : err));
    process.exit(1);
  });
}
