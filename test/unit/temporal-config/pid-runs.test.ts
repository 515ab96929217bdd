import { spawn } from 'node:child_process';
import { pidRuns } from '../../../temporal-config/pid-runs';

describe('pidRuns: whether a PID from a PID file is still one of ours', () => {
  it('a live process whose command line holds a marker is; a reused PID, an ended one, ours or none is not', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const marked = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', 'start-dev'], { stdio: 'ignore' });
    try {
      expect(pidRuns(marked.pid!, 'haproxy', 'start-dev')).toBe(true);
      // The same PID file naming a program that is not ours: what a reused PID looks like.
      expect(pidRuns(child.pid!, 'start-dev')).toBe(false);
      expect(pidRuns(process.pid, 'jest')).toBe(false);
      expect(pidRuns(Number.NaN, 'start-dev')).toBe(false);
      expect(pidRuns(1, '')).toBe(false);
    } finally {
      child.kill();
      marked.kill();
    }
    await new Promise((r) => marked.once('exit', r));
    expect(pidRuns(marked.pid!, 'start-dev')).toBe(false);
  });
});
