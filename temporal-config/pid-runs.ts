import { readFileSync } from 'node:fs';

/**
 * Whether PID `pid` is still a process of ours: alive, not this process, and its command line holds one of the
 * markers. PID files outlive their processes (a `kill -9`, a reboot), and the kernel reuses PIDs: a stale one may
 * now be someone else's program, which must never be signalled. False without `/proc`.
 */
export function pidRuns(pid: number, ...markers: string[]): boolean {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return markers.some((m) => cmdline.includes(m));
  } catch {
    return false;
  }
}
