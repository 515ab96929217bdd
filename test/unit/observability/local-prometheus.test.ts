import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startLocalPrometheus } from '../../../observability/local-prometheus';
import { freePort, tempDir } from '../../helpers/env';

const installed = spawnSync('prometheus', ['--version']).status === 0;

describe('PROMETHEUS=1: a local Prometheus beside npm start', () => {
  (installed ? it : it.skip)('starts with the engine as its targets and the alert rules, and stops', async () => {
    const dir = join(tempDir('local-prometheus'), 'prometheus');
    const started = await startLocalPrometheus({
      dataDir: dir,
      port: await freePort(),
      targets: {
        sdk: '127.0.0.1:1',
        app: '127.0.0.1:2',
        temporal: [
          { address: '127.0.0.21:3', process: 'history-1' },
          { address: '127.0.0.22:3', process: 'history-2' },
        ],
      },
    });
    if (!('url' in started)) throw new Error(started.missing);
    try {
      // Prometheus is ready before it has discovered its static targets: ask until it lists them.
      let active: Array<{ scrapeUrl: string; labels: Record<string, string> }> = [];
      for (let i = 0; i < 40 && active.length < 4; i++) {
        const targets = (await (await fetch(`${started.url}/api/v1/targets`)).json()) as {
          data: { activeTargets: typeof active };
        };
        active = targets.data.activeTargets;
        if (active.length < 4) await new Promise((r) => setTimeout(r, 250));
      }
      expect(active.map((t) => t.scrapeUrl).sort()).toEqual([
        'http://127.0.0.1:1/metrics',
        'http://127.0.0.1:2/metrics',
        'http://127.0.0.21:3/metrics',
        'http://127.0.0.22:3/metrics',
      ]);
      // The Temporal processes are told apart by name, not by address.
      expect(
        active
          .filter((t) => t.labels.job === 'temporal-server')
          .map((t) => t.labels.instance)
          .sort(),
      ).toEqual(['history-1', 'history-2']);
      const rules = (await (await fetch(`${started.url}/api/v1/rules`)).json()) as {
        data: { groups: Array<{ rules: unknown[] }> };
      };
      // Every rule of the file, loaded.
      const inFile = readFileSync(join(__dirname, '../../../observability/prometheus/alert-rules.yml'), 'utf8').match(
        /^\s+- alert: /gm,
      );
      expect(rules.data.groups[0].rules).toHaveLength(inFile?.length ?? -1);
      expect(inFile?.length).toBeGreaterThanOrEqual(6);
    } finally {
      await started.stop();
    }
    await expect(fetch(`${started.url}/-/ready`)).rejects.toThrow();
  });

  it('says what to install when the binary is missing', async () => {
    expect(
      await startLocalPrometheus({
        dataDir: tempDir('no-prometheus'),
        port: 1,
        targets: { sdk: 'x', app: 'y' },
        binary: '/nonexistent/prometheus',
      }),
    ).toEqual({ missing: 'PROMETHEUS=1 but prometheus is not installed (Debian: apt-get install prometheus)' });
  });
});
