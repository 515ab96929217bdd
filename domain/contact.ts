/** Checks a phone number is E.164 (+ country code and subscriber number); returns why not, or undefined. */
export function phoneProblem(phone: string): string | undefined {
  if (!/^\+[1-9]\d{6,14}$/.test(phone)) return 'expected an E.164 phone number such as +12125550123';
  return undefined;
}

/** Checks an email address is plausibly deliverable; returns why not, or undefined. */
export function emailProblem(email: string): string | undefined {
  if (email.length > 254) return 'longer than 254 characters';
  if (!/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[A-Za-z]{2,}$/.test(email))
    return 'expected an address such as noc@example.com';
  return undefined;
}

/**
 * Whether an address is at a domain reserved for examples and tests (RFC 2606, RFC 6761): `.example`,
 * `example.com|net|org`, `.test`, `.invalid`, `.localhost`. Mail to it goes nowhere; in production it is
 * a placeholder someone forgot to replace.
 */
export function isPlaceholderAddress(email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return /(^|\.)(example|test|invalid|localhost)$/.test(domain) || /(^|\.)example\.(com|net|org)$/.test(domain);
}

/** Masks a phone number for logs and summaries: only the last two digits remain. */
export function maskPhone(phone: string): string {
  return phone.length <= 2 ? '**' : `${'*'.repeat(phone.length - 2)}${phone.slice(-2)}`;
}
