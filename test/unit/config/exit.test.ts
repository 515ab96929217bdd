import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('a process started with bad configuration', () => {
  it('exits 78 listing every bad variable and why, without starting anything', () => {
    const secret = 'xoxz-definitely-secret';
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
      cwd: join(__dirname, '../../..'),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: 'nowhere',
        WORKER_QUEUES: 'bruin,pizza',
        SLACK_BOT_TOKEN: secret,
        APP_METRICS_PORT: 'http',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('Invalid configuration (4 problems)');
    for (const variable of [
      'TEMPORAL_ADDRESS: expected host:port',
      'WORKER_QUEUES: expected a comma-separated subset',
      'SLACK_BOT_TOKEN: expected a Slack bot token',
      'APP_METRICS_PORT:',
    ]) {
      expect(result.stderr).toContain(variable);
    }
    expect(result.stderr + result.stdout).not.toContain(secret);
  });
});
