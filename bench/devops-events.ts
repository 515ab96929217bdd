// bench/devops-events: the DevOps metrics service under a CI burst, and the DORA computation over a
// large store. Prints (1) the rate of a burst of POST /process-event against a raw HTTP server that
// only reads the body and answers 202 (same client, same concurrency), and checks every event was
// stored once; (2) the time to compute the four keys over `stored` events, against a raw read of the
// same rows.
// Usage: npx tsx bench/devops-events.ts [burst=10000] [stored=100000] [concurrency=50]
//   (BENCH_DATABASE_URL=postgres://... runs both against PostgreSQL instead of SQLite)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { computeDoraKeys } from '../devops/compute';
import { createDevopsServer } from '../devops/server';
import type { DevopsEventName } from '../domain/dora';
import { createLogger } from '../observability/logger';
import { openAppStore, type AppStore } from '../store';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runBench } from './cleanup';
import { integerFrom, positionalNumbers } from './options';

const TOKEN = 'bench-devops-token-0123456789';
const DAY = 86_400_000;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/process-event`;
}

/** Posts `count` events, `concurrency` at a time; returns seconds taken and the statuses seen. */
async function burst(url: string, count: number, concurrency: number, run: string) {
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'event-id': `${run}-${i}` },
          body: JSON.stringify({
            Repo: `repo-${i % 20}`,
            Event: i % 3 ? 'push' : 'deploy',
            Metadata: { commit: 'abcdef1' },
          }),
        });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, statuses: Object.fromEntries(statuses) };
}

/** A realistic mix over 120 days for 50 repos: pushes, deploys of pushed commits, failures, incidents. */
async function fill(store: AppStore, count: number, now: number): Promise<void> {
  const kinds: DevopsEventName[] = [
    'push',
    'push',
    'push',
    'test_pass',
    'deploy',
    'deploy',
    'deploy_failed',
    'incident_opened',
    'incident_resolved',
    'rollback',
  ];
  for (let i = 0; i < count; i++) {
    const cycle = Math.floor(i / kinds.length);
    // One cycle in five fails (its deploy_failed, incident and rollback); the others pass their tests.
    const kind = kinds[i % kinds.length];
    const event =
      cycle % 5 === 0 || !['deploy_failed', 'incident_opened', 'rollback'].includes(kind) ? kind : 'test_pass';
    const commit = (0x1000000 + Math.floor(i / 10)).toString(16);
    await store.devops.recordDevopsEvent({
      time: new Date(now - 120 * DAY + (i / count) * 120 * DAY).toISOString(),
      repo: `repo-${i % 50}`,
      event,
      metadata: event.startsWith('incident')
        ? { incidentId: `I-${Math.floor(i / 10)}` }
        : { commit, deployId: `d-${Math.floor(i / 10)}` },
    });
  }
}

async function main() {
  const {
    burst: burstSize,
    stored,
    concurrency,
  } = positionalNumbers({
    burst: integerFrom(1, 10_000),
    stored: integerFrom(1, 100_000),
    concurrency: integerFrom(1, 50),
  });
  const dir = mkdtempSync(join(tmpdir(), 'ae-bench-devops-'));
  const pg = process.env.BENCH_DATABASE_URL;
  const open = (name: string) =>
    openAppStore(pg ? { kind: 'postgres', url: pg } : { kind: 'sqlite', file: join(dir, `${name}.sqlite`) });
  console.log(
    `store: ${pg ? 'PostgreSQL' : 'SQLite (WAL, the default)'}; burst ${burstSize} events, ${concurrency} at once`,
  );

  // (1) The burst, against a raw server first.
  const raw = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"stored"}'));
  });
  const rawRun = await burst(await listen(raw), burstSize, concurrency, 'raw');
  raw.close();
  const store = open('burst');
  const service = createDevopsServer({
    store: store.devops,
    token: TOKEN,
    windowDays: 30,
    logger: createLogger('warn', 'bench', 'json'),
  });
  const run = `burst-${Date.now()}`;
  const serviceUrl = await listen(service);
  const ours = await burst(serviceUrl, burstSize, concurrency, run);
  // CI re-running its jobs: the first tenth again, same Event-Ids: answered, stored nothing new.
  const again = await burst(serviceUrl, Math.floor(burstSize / 10), concurrency, run);
  service.close();
  const now = Date.now();
  const kept = (
    await store.devops.devopsEvents('ALL', new Date(now - DAY).toISOString(), new Date(now + DAY).toISOString())
  ).length;
  console.log(`raw server:   ${(burstSize / rawRun.seconds).toFixed(0)} events/s  ${JSON.stringify(rawRun.statuses)}`);
  console.log(
    `devops /process-event: ${(burstSize / ours.seconds).toFixed(0)} events/s  ${JSON.stringify(ours.statuses)}  (${(rawRun.seconds / ours.seconds).toFixed(2)} × raw)`,
  );
  console.log(`re-posted ${Math.floor(burstSize / 10)} with the same Event-Ids: ${JSON.stringify(again.statuses)}`);
  console.log(`stored: ${kept} of ${burstSize}${kept === burstSize ? ' — none lost, none twice' : ' — MISMATCH'}`);
  await store.close();

  // (2) The computation over a large store.
  const big = open('big');
  const filled = performance.now();
  await fill(big, stored, now);
  console.log(`filled ${stored} events in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
  const time = async <T>(what: () => Promise<T>) => {
    const t = performance.now();
    const value = await what();
    return { ms: performance.now() - t, value };
  };
  const readAll = await time(() =>
    big.devops.devopsEvents('ALL', new Date(now - 365 * DAY).toISOString(), new Date(now + DAY).toISOString()),
  );
  const all = await time(() => computeDoraKeys(big.devops, 'ALL', 30, now));
  const oneRepo = await time(() => computeDoraKeys(big.devops, 'repo-7', 30, now));
  const repos = await big.devops.devopsRepos(new Date(now - 30 * DAY).toISOString());
  const everyRepo = await time(async () => {
    for (const repo of repos) await computeDoraKeys(big.devops, repo, 30, now);
  });
  console.log(`raw read of ${readAll.value.length} events: ${readAll.ms.toFixed(0)} ms`);
  console.log(
    `four keys over every event (repo ALL, ${all.value.eventsRead} read): ${all.ms.toFixed(0)} ms (${(all.ms / readAll.ms).toFixed(2)} × raw read)`,
  );
  console.log(`four keys for one repo (${oneRepo.value.eventsRead} read): ${oneRepo.ms.toFixed(0)} ms`);
  console.log(
    `four keys for each of ${repos.length} repos (the daily workflow's activities, serially): ${everyRepo.ms.toFixed(0)} ms`,
  );
  console.log(
    `ALL: ${JSON.stringify(all.value.keys.deploymentFrequency)} lead ${all.value.keys.leadTimeHours.median} h, CFR ${all.value.keys.changeFailureRate.rate}`,
  );
  await big.close();
}

runBench(main);
