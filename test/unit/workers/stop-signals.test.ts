import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/env';

/** A process whose stop takes 600 ms, as a worker's drain does, hearing its stop signals through onStopSignals. */
function slowStopper() {
  const script = join(tempDir('stop-signals'), 'stopper.ts');
  writeFileSync(
    script,
    `import { onStopSignals } from ${JSON.stringify(join(__dirname, '../../../workers/stop-signals'))};
onStopSignals(
  (signal) => {
    console.log('first ' + signal);
    setTimeout(() => {
      console.log('stopped');
      process.exit(0);
    }, 600);
  },
  (signal) => console.log('again ' + signal),
);
setInterval(() => undefined, 1_000);
console.log('ready');
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return { child, exited, output: () => output };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('onStopSignals: a stop signal heard again during the stop does not end the process', () => {
  it("the copies a process group's signal arrives in (directly, forwarded by npm) reach `later`; the stop finishes", async () => {
    const p = slowStopper();
    for (let i = 0; i < 200 && !p.output().includes('ready'); i++) await pause(50);
    p.child.kill('SIGTERM');
    await pause(150);
    p.child.kill('SIGTERM'); // Node's default for an unheard SIGTERM would end it here, halfway
    await pause(150);
    p.child.kill('SIGINT');
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.output().trim().split('\n')).toEqual([
      'ready',
      'first SIGTERM',
      'again SIGTERM',
      'again SIGINT',
      'stopped',
    ]);
  }, 30_000);
});
