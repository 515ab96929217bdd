import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectClient } from '../../temporal-config/client';
import { portIsFree, tempDir, testConfig, TEST_KEY } from '../helpers/env';
import { fencedCommands, pagesInReadingOrder, ROOT } from '../helpers/markdown';

/** Commands this test does not run, and why. */
const NOT_RUN: Record<string, string> = {
  'npm install && npm start': 'the stack this test starts is that command',
  'npm test': 'this test is part of it',
};

describe('every command the README and docs/ show works against a started engine', () => {
  const dir = tempDir('readme');
  const env = {
    ...process.env,
    APP_ENV: 'development',
    LOG_FORMAT: 'json',
    TEMPORAL_DB_FILE: join(dir, 'temporal.sqlite'),
    APP_DB_FILE: join(dir, 'app.sqlite'),
    PAYLOAD_KEY_ID: 'readme',
    PAYLOAD_KEY: TEST_KEY,
  };
  let engine: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    // The README's commands name the default ports (7233, 8233, 8888, ...): they must be free.
    const busy = [];
    for (const port of [7233, 8233, 8888, 4010, 2525, 9464, 9465, 9466, 8000, 5000])
      if (!(await portIsFree(port))) busy.push(port);
    if (busy.length > 0)
      throw new Error(`the README's commands use the default ports; ${busy.join(', ')} in use (an npm start running?)`);
    engine = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    engine.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    engine.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    for (let i = 0; i < 900 && !output.includes('Ctrl-C stops everything'); i++) {
      if (engine.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The demo's CTS dispatch has a timeline once its monitor has run (every 2 min): run it now.
    const run = spawnSync('npm', ['run', '-s', 'schedules', '--', 'trigger', 'cts-dispatch-monitor'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const client = await connectClient(testConfig(env as Record<string, string>));
    for (let i = 0; i < 300; i++) {
      const found = await client.workflow
        .getHandle('dispatch/cts/S-147735')
        .describe()
        .then(
          () => true,
          () => false,
        );
      if (found) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.connection.close();
    // What the README's `--file` example reads: a history as proto3 JSON, as the Web UI downloads it.
    const shown = spawnSync(
      'npm',
      ['run', '-s', 'temporal', '--', 'workflow', 'show', '-w', 'dispatch/cts/S-147735', '--output', 'json'],
      { cwd: ROOT, env, encoding: 'utf8' },
    );
    expect(shown.status).toBe(0);
    writeFileSync(join(dir, 'history.json'), shown.stdout);
  }, 180_000);

  afterAll(async () => {
    if (!engine?.pid || engine.exitCode !== null) return;
    const exited = new Promise((r) => engine!.once('exit', r));
    process.kill(engine.pid, 'SIGINT');
    await exited;
  });

  it('runs each fenced command, page by page in the docs index order; each exits 0', () => {
    const commands = pagesInReadingOrder().flatMap((page) => fencedCommands(readFileSync(join(ROOT, page), 'utf8')));
    expect(commands.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const command of commands) {
      if (NOT_RUN[command]) continue;
      const runnable = command
        .replace('~/Downloads/history.json', join(dir, 'history.json'))
        .replace(/\s*\[(?=[-<])[^\]]*\]/g, ''); // [--optional arguments] are shown, not run (JSON arrays are kept)
      const result = spawnSync('bash', ['-c', runnable], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
      if (result.status !== 0)
        failures.push(`${command}\n  exit ${result.status}\n  ${(result.stderr || result.stdout).trim().slice(-800)}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
