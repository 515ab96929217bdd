import { readFileSync } from 'node:fs';

/** Busy and total CPU jiffies of the whole machine (all cores), from /proc/stat. */
function cpuTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/**
 * Samples the machine's CPU every `everyMs` while something runs: whether a phase was bound by the
 * machine (every core busy) rather than by waiting. `stop()` gives the mean busy share and the busiest
 * one-second stretch (0..1 of all cores).
 */
export function sampleMachineCpu(everyMs = 250): { stop(): { mean: number; peakSecond: number } } {
  const samples = [cpuTimes()];
  const timer = setInterval(() => samples.push(cpuTimes()), everyMs);
  return {
    stop() {
      clearInterval(timer);
      samples.push(cpuTimes());
      const share = (a: { busy: number; total: number }, b: { busy: number; total: number }) =>
        b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
      const window = Math.max(1, Math.round(1000 / everyMs));
      let peakSecond = 0;
      for (let i = window; i < samples.length; i++)
        peakSecond = Math.max(peakSecond, share(samples[i - window], samples[i]));
      return { mean: share(samples[0], samples[samples.length - 1]), peakSecond };
    },
  };
}
