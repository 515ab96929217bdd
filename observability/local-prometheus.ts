import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface LocalPrometheus {
  url: string;
  stop(): Promise<void>;
}

/**
 * `PROMETHEUS=1 npm start`: a Prometheus beside the engine (Debian's package), scraping its two metrics
 * ports every 5 s with the repo's alert rules, its data under `dataDir`. Undefined (with why) when the
 * binary is missing: the engine runs on without it.
 */
export async function startLocalPrometheus(options: {
  dataDir: string;
  port: number;
  targets: { sdk: string; app: string };
  binary?: string;
}): Promise<LocalPrometheus | { missing: string }> {
  const binary = options.binary ?? 'prometheus';
  if (spawnSync(binary, ['--version']).error)
    return { missing: 'PROMETHEUS=1 but prometheus is not installed (Debian: apt-get install prometheus)' };
  mkdirSync(options.dataDir, { recursive: true });
  const config = join(options.dataDir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      '# Written by npm start (PROMETHEUS=1): the engine on this machine.',
      'global: { scrape_interval: 5s, evaluation_interval: 5s }',
      `rule_files: ['${resolve(__dirname, 'prometheus/alert-rules.yml')}']`,
      'scrape_configs:',
      `  - { job_name: temporal-sdk, static_configs: [{ targets: ['${options.targets.sdk}'] }] }`,
      `  - { job_name: automation-engine, static_configs: [{ targets: ['${options.targets.app}'] }] }`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(options.dataDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  for (
    let i = 0;
    !(await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (child.exitCode !== null || i > 120) {
      child.kill();
      return { missing: `prometheus did not start on 127.0.0.1:${options.port} (port taken?)` };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
