// `npm run prometheus:check`: the alert rules checked and unit-tested by promtool, and the compose
// Prometheus config checked with its rule file pointed at the repo's (the container path does not
// exist here). Needs Debian's `prometheus` package (promtool); .ci/run installs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const rules = join(root, 'observability/prometheus/alert-rules.yml');
if (spawnSync('promtool', ['--version']).error) {
  console.error('promtool not found: install Prometheus (Debian: apt-get install prometheus)');
  process.exit(1);
}
const config = join(mkdtempSync(join(tmpdir(), 'ae-prometheus-')), 'prometheus.yml');
writeFileSync(
  config,
  readFileSync(join(root, 'temporal-config/prometheus.yml'), 'utf8').replace('/etc/prometheus/alert-rules.yml', rules),
);
for (const args of [
  ['check', 'rules', rules],
  ['test', 'rules', 'alert-rules.test.yml'],
  ['check', 'config', config],
]) {
  const run = spawnSync('promtool', args, { cwd: join(root, 'observability/prometheus'), stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
