import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServerMetricsTarget } from '../temporal-config/server-metrics';

export interface LocalPrometheus {
  url: string;
  stop(): Promise<void>;
}

/** The Temporal server's processes, each named in its `instance` label (history-1, history-2, ...), not its address. */
function temporalJob(targets: ServerMetricsTarget[]): string[] {
  if (!targets.length) return [];
  return [
    '  - job_name: temporal-server',
    '    static_configs:',
    ...targets.map((t) => `      - { targets: ['${t.address}'], labels: { instance: '${t.process}' } }`),
  ];
}

/**
 * `PROMETHEUS=1 npm start`: a Prometheus beside the engine (Debian's package), scraping the engine's two
 * metrics ports and every Temporal server process every 5 s with the repo's alert rules, its data under `dataDir`. Undefined (with why) when the
 * binary is missing: the engine runs on without it.
 */
export async function startLocalPrometheus(options: {
  dataDir: string;
  port: number;
  /** The engine's SDK and app metrics, and the Temporal server's own (one target per server process). */
  targets: { sdk?: string; app?: string; temporal?: ServerMetricsTarget[] };
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
      ...(options.targets.sdk
        ? [`  - { job_name: temporal-sdk, static_configs: [{ targets: ['${options.targets.sdk}'] }] }`]
        : []),
      ...(options.targets.app
        ? [`  - { job_name: automation-engine, static_configs: [{ targets: ['${options.targets.app}'] }] }`]
        : []),
      ...temporalJob(options.targets.temporal ?? []),
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
