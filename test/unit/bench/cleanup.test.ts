import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/env';

/** A bench that registers a "server" (a sleeping child process) and then fails or waits, run as a process of its own. */
function runFakeBench(dir: string, ending: 'fails' | 'waits') {
  const script = join(dir, 'bench.ts');
  writeFileSync(
    script,
    `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { runBench, untilBenchEnds } from ${JSON.stringify(join(__dirname, '../../../bench/cleanup'))};
runBench(async () => {
  const server = spawn('sleep', ['60'], { stdio: 'ignore' });
  writeFileSync(${JSON.stringify(join(dir, 'pid'))}, String(server.pid));
  untilBenchEnds('the fake server', async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    writeFileSync(${JSON.stringify(join(dir, 'stopped'))}, 'yes');
  });
  ${ending === 'fails' ? "throw new Error('the bench broke');" : 'await new Promise((r) => setTimeout(r, 60_000));'}
});
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, output: () => output };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a bench stops what it started however it ends (issue 31 item 5)', () => {
  it('a failing bench stops its registered processes, then exits 1 with the error', async () => {
    const dir = tempDir('bench-cleanup');
    const bench = runFakeBench(dir, 'fails');
    expect(await bench.exited).toBe(1);
    expect(bench.output()).toContain('the bench broke');
    expect(bench.output()).toContain('bench: stopping the fake server');
    expect(readFileSync(join(dir, 'stopped'), 'utf8')).toBe('yes');
    expect(alive(Number(readFileSync(join(dir, 'pid'), 'utf8')))).toBe(false);
  }, 30_000);

  it('an interrupted bench (SIGINT) stops them too, and exits 130', async () => {
    const dir = tempDir('bench-cleanup');
    const bench = runFakeBench(dir, 'waits');
    for (let i = 0; i < 200 && !existsSync(join(dir, 'pid')); i++) await new Promise((r) => setTimeout(r, 50));
    bench.child.kill('SIGINT');
    expect(await bench.exited).toBe(130);
    expect(existsSync(join(dir, 'stopped'))).toBe(true);
    expect(alive(Number(readFileSync(join(dir, 'pid'), 'utf8')))).toBe(false);
  }, 30_000);
});
