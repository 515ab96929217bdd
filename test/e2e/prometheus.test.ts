import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { observeBusinessEvents } from '../../activities/business-events';
import { observeVendorCalls } from '../../activities/vendor-calls';
import { startLocalPrometheus, type LocalPrometheus } from '../../observability/local-prometheus';
import { createAppMetrics, serveMetrics } from '../../observability/metrics';
import { storeGaugeSources } from '../../observability/process-metrics';
import { useTestEngine } from '../helpers/engine';
import { freePort, tempDir } from '../helpers/env';

const ROOT = join(__dirname, '../..');
const RULES = join(ROOT, 'observability/prometheus/alert-rules.yml');
const DASHBOARDS = join(ROOT, 'observability/grafana/dashboards');
const haveProm = spawnSync('prometheus', ['--version']).status === 0;

/** Every PromQL expression of every dashboard panel, named for the failure message. */
function panelQueries(): Array<{ where: string; expr: string }> {
  return readdirSync(DASHBOARDS).flatMap((file) => {
    const dashboard = JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    return dashboard.panels.flatMap((p) => p.targets.map((t) => ({ where: `${file}: ${p.title}`, expr: t.expr })));
  });
}

/**
 * Every alert rule's expression, and the same without its threshold: a healthy engine fires none of
 * them, so the comparison-free part is what must return series (no rule watches a metric that is not there).
 */
function ruleQueries(): Array<{ where: string; expr: string; signal: string }> {
  const text = readFileSync(RULES, 'utf8');
  return [...text.matchAll(/- alert: (\w+)\n[\s\S]*?expr: (?:>-\n((?:\s{10}.*\n)+)|(.*)\n)/g)].map((m) => {
    const expr = (m[2] ?? m[3]).replace(/\s+/g, ' ').trim();
    return { where: `alert ${m[1]}`, expr, signal: expr.replace(/\s*(==|>|<)\s*[\d.]+$/, '') };
  });
}

(haveProm ? describe : describe.skip)(
  'end to end: a real Prometheus scrapes the engine; every dashboard panel and alert rule has data (issue 14)',
  () => {
    // The engine's store, opened once the suite starts: each scrape asks for it.
    const metrics = createAppMetrics(storeGaugeSources(() => engine.store));
    const engine = useTestEngine('prometheus', {}, { sdkMetrics: true, notificationMetrics: metrics.notifications });
    let prometheus: LocalPrometheus | undefined;
    let metricsServer: Server | undefined;
    let api = '';

    beforeAll(async () => {
      observeVendorCalls(metrics.vendorCalls);
      observeBusinessEvents(metrics.businessEvents);
      const appPort = await freePort();
      metricsServer = await serveMetrics(metrics.registry, appPort);
      // The same Prometheus `PROMETHEUS=1 npm start` runs: the engine's two ports, the Temporal server's, the repo's
      // alert rules.
      const started = await startLocalPrometheus({
        dataDir: tempDir('prometheus'),
        port: await freePort(),
        targets: {
          sdk: `127.0.0.1:${engine.sdkMetricsPort}`,
          app: `127.0.0.1:${appPort}`,
          temporal: engine.server.metricsTargets,
        },
      });
      if (!('url' in started)) throw new Error(started.missing);
      prometheus = started;
      api = started.url;
    });
    afterAll(async () => {
      await prometheus?.stop();
      observeVendorCalls(undefined);
      observeBusinessEvents(undefined);
      await new Promise((r) => metricsServer?.close(r) ?? r(undefined));
    });

    const query = async (expr: string) => {
      const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
      return (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
    };

    it('after a sites cycle, outage cycles (a ticket opened, then resolved) and a vendor outage, every query returns series', async () => {
      await engine.triggerSchedule('sites-monitor');
      await engine.triggerSchedule('outage-monitor');
      await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', {
        edgeState: 'OFFLINE',
      });
      await engine.triggerSchedule('outage-monitor'); // opens a ticket, notes it, alerts Slack
      await engine.sb.call('PATCH', '/_sandbox/velocloud/edges/mettel.velocloud.net%2F1%2F102', {
        edgeState: 'CONNECTED',
      });
      // VeloCloud answers 503 for a moment: the cycle's reads fail, are retried, and succeed.
      await engine.sb.call('POST', '/_sandbox/faults', { vendor: 'velocloud', errorRate: 1, statusCode: 503 });
      setTimeout(() => void engine.sb.call('DELETE', '/_sandbox/faults'), 1500);
      await engine.triggerSchedule('outage-monitor'); // resolves the ticket
      await engine.triggerSchedule('sites-monitor');
      // The edge set down shows in the fleet gauges, as Prometheus stored them.
      const offline = 'automation_engine_edges{state="OFFLINE"}';
      await waitFor(
        async () => (await query(`max(${offline})`)).data?.result.length === 0,
        'a scrape after the last cycle',
      );

      const problems: string[] = [];
      const queries = [...panelQueries().map((q) => ({ ...q, signal: q.expr })), ...ruleQueries()];
      expect(queries.length).toBeGreaterThan(25);
      // Let every series have two samples in its rate windows.
      await new Promise((r) => setTimeout(r, 11_000));
      for (const { where, expr, signal } of queries) {
        const full = await query(expr);
        if (full.status !== 'success') problems.push(`${where}: does not evaluate: ${full.error}`);
        const data = await query(signal);
        if (data.status !== 'success' || (data.data?.result.length ?? 0) === 0)
          problems.push(`${where}: no series for ${signal}${data.error ? ` (${data.error})` : ''}`);
      }
      expect(problems).toEqual([]);
      const rules = (await (await fetch(`${api}/api/v1/rules`)).json()) as {
        data: { groups: Array<{ rules: Array<{ name: string; health: string; state: string }> }> };
      };
      const loaded = rules.data.groups.flatMap((g) => g.rules);
      expect(loaded.map((r) => [r.name, r.health])).toEqual(ruleQueries().map((q) => [q.where.slice(6), 'ok']));
      // A healthy engine: nothing fires.
      expect(loaded.filter((r) => r.state === 'firing').map((r) => r.name)).toEqual([]);
    }, 240_000);

    async function waitFor(probe: () => Promise<boolean>, what: string) {
      const deadline = Date.now() + 60_000;
      while (!(await probe())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  },
);
