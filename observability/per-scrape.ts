/**
 * One read of `load` per scrape, shared by every gauge's collect (they run together): the store is
 * asked once, not once per gauge. A read is reused for a second at most.
 */
export function perScrape<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().finally(() => setTimeout(() => (pending = undefined), 1000).unref());
    return pending;
  };
}
