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

/**
 * A store-backed gauge's collect: `fill` sets its series from a store read. When the store cannot be read, the gauge
 * has no series this scrape, instead of failing the whole scrape: every other metric of the process (vendor calls,
 * notifications, the store's own errors) would go with it, and the process would look down. `app_store_up` says why.
 * A gauge without labels always has its one series: `unknown` sets it then (NaN: no alert's comparison holds for it).
 */
export async function collectFromStore(
  gauge: { reset(): void },
  fill: () => Promise<void>,
  unknown?: () => void,
): Promise<void> {
  gauge.reset();
  try {
    await fill();
  } catch {
    gauge.reset();
    unknown?.();
  }
}
