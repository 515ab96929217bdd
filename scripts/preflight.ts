import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AppConfig } from '../config';
import { stopClusterLeftovers } from '../temporal-config/cluster';
import { stopLeftoverDevServer } from '../temporal-config/dev-server';
import { listenProblem } from '../http/listen-check';
import { pidRuns } from '../temporal-config/pid-runs';

/**
 * Claims the data directory for this `npm start`: a second one on the same data would take over (or stop) the first's
 * dev server and share its stores. Refused, naming the first's PID, while that one runs; a claim left by a killed one
 * is taken over. The answer gives the claim up.
 */
export function claimDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'engine.pid');
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (isEngine(holder))
        throw new Error(
          `npm start is already running on ${resolve(dataDir)} (PID ${holder}): stop it first (Ctrl-C in its terminal, or ` +
            `kill -INT ${holder}), or give this one its own TEMPORAL_DB_FILE, APP_DB_FILE and ports`,
        );
      rmSync(file, { force: true });
    }
  }
}

/**
 * Stops what a killed `npm start` on this data left running (the dev server, or the cluster's services), so its ports
 * are free before they are checked. Only once this start holds the data directory: a running one's are not leftovers.
 */
export async function stopLeftoverEngine(config: AppConfig): Promise<boolean> {
  const dataDir = dirname(config.temporal.dbFile);
  return config.temporal.engine === 'cluster'
    ? stopClusterLeftovers(join(dataDir, 'cluster'))
    : stopLeftoverDevServer(config.temporal.dbFile);
}

/** Whether a PID is a running `npm start` (a PID reused by another program is not). */
const isEngine = (pid: number) => pidRuns(pid, 'scripts/start.ts');

export interface PortSetting {
  /** The environment variable that sets it. */
  variable: string;
  host: string;
  port: number;
}

/** Every address `npm start` listens on, with the variable that moves it. */
export function startPorts(config: AppConfig): PortSetting[] {
  const o = config.observability;
  // The dev server (or the cluster's frontend, or HAProxy) listens on 127.0.0.1 at TEMPORAL_ADDRESS's port.
  return [
    { variable: 'TEMPORAL_ADDRESS', host: '127.0.0.1', port: Number(config.temporal.address.split(':')[1]) },
    { variable: 'TEMPORAL_UI_PORT', host: '127.0.0.1', port: config.temporal.uiPort },
    { variable: 'CODEC_SERVER_PORT', host: config.codec.serverHost, port: config.codec.serverPort },
    { variable: 'SANDBOX_HTTP_PORT', host: config.sandbox.host, port: config.sandbox.httpPort },
    { variable: 'SANDBOX_SMTP_PORT', host: config.sandbox.host, port: config.sandbox.smtpPort },
    { variable: 'SDK_METRICS_PORT', host: o.metricsHost, port: o.sdkMetricsPort },
    { variable: 'APP_METRICS_PORT', host: o.metricsHost, port: o.appMetricsPort },
    { variable: 'TEMPORAL_METRICS_PORT', host: '127.0.0.1', port: o.serverMetricsPort },
    ...(o.localPrometheus ? [{ variable: 'PROMETHEUS_PORT', host: '127.0.0.1', port: o.localPrometheus.port }] : []),
    { variable: 'DEVOPS_PORT', host: config.devops.host, port: config.devops.port },
    { variable: 'DISPATCH_PORTAL_PORT', host: config.portal.host, port: config.portal.port },
  ];
}

/**
 * What stands in the way of listening on every one of `settings`, each with its variable: two settings on one port,
 * and ports another process holds. Checked before anything starts, so the answer lists them all at once and nothing
 * is left half-started; the real listen still reports a port taken in between.
 */
export async function portProblems(settings: PortSetting[]): Promise<string[]> {
  const problems: string[] = [];
  const byPort = new Map<number, string[]>();
  for (const s of settings) byPort.set(s.port, [...(byPort.get(s.port) ?? []), s.variable]);
  for (const [port, variables] of byPort)
    if (variables.length > 1) problems.push(`${variables.join(' and ')}: all ${port}; each needs a port of its own`);
  const checked = settings.filter((s) => byPort.get(s.port)!.length === 1);
  const held = await Promise.all(checked.map((s) => listenProblem(s.host, s.port)));
  checked.forEach((s, i) => {
    if (held[i]) problems.push(`${s.variable}: ${s.host}:${s.port} ${held[i]}`);
  });
  return problems;
}
