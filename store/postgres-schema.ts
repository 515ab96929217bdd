/**
 * Runs `create` (a sub-store's CREATE TABLE statements) on first use and answers the same promise afterwards; a failed
 * attempt is forgotten, so the next call tries again (PostgreSQL was down when the process started).
 */
export function schemaOnFirstUse(create: () => Promise<unknown>): () => Promise<unknown> {
  let created: Promise<unknown> | undefined;
  return () =>
    (created ??= create().catch((err: unknown) => {
      created = undefined;
      throw err;
    }));
}
