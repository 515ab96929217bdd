// What Linux says of a process (/proc): its memory and CPU, for the benches that measure processes of their own.
import { readFileSync, readdirSync } from 'node:fs';

/** A process's resident memory now and at its peak, in kB; NaN once it has ended. */
export function processMemory(pid: number): { rss: number; peak: number } {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { rss: NaN, peak: NaN };
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** A process's CPU ticks so far (USER_HZ): its own, and its waited-for children's; undefined once it has ended. */
export function cpuTicks(pid: number): { own: number; children: number; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields count from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]); // fields are 1-based in proc(5), the first two are gone
    return { own: n(14) + n(15), children: n(16) + n(17), ppid: n(4) };
  } catch {
    return undefined;
  }
}

/** Every live process's children, by parent PID. */
export function childrenByParent(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const t = cpuTicks(pid);
    if (!t) continue;
    const siblings = byParent.get(t.ppid);
    if (siblings) siblings.push(pid);
    else byParent.set(t.ppid, [pid]);
  }
  return byParent;
}
