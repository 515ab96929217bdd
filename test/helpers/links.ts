import type { LinkMetrics } from '../../domain/service-affecting';

/** A wired link well inside every service-affecting threshold: tests change the one figure they mean. */
export const healthyLink: LinkMetrics = {
  interface: 'GE1',
  linkName: 'GE1 ISP',
  wireless: false,
  latencyMs: { rx: 20, tx: 20 },
  jitterMs: { rx: 3, tx: 3 },
  lossPct: { rx: 0, tx: 0 },
  bytes: { rx: 0, tx: 0 },
  bandwidthBps: { rx: 100_000_000, tx: 100_000_000 },
};
