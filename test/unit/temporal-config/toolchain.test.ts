import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/env';
import {
  cachedCliPath,
  CLUSTER_TOOLS,
  resolveClusterTools,
  resolveTemporalCli,
  TEMPORAL_CLI_VERSION,
} from '../../../scripts/toolchain.cjs';

describe('the Temporal CLI the provisioning step builds', () => {
  it('reports the version it was built from, not 0.0.0-DEV (issue 18 item 6)', () => {
    const cli = resolveTemporalCli();
    expect(cli).toBeDefined();
    const version = spawnSync(cli!, ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(version).not.toContain('0.0.0-DEV');
    if (cli === cachedCliPath())
      expect(version).toMatch(
        new RegExp(`^temporal version ${TEMPORAL_CLI_VERSION.replace(/^v/, '').replace(/\./g, '\\.')} `),
      );
  });
});

describe('npm run temporal', () => {
  it('dials the Temporal the .env names (the real environment still wins), as the engine does', () => {
    const dir = tempDir('temporal-cli-env');
    writeFileSync(join(dir, '.env'), 'TEMPORAL_ADDRESS=127.0.0.1:9\nTEMPORAL_NAMESPACE=\n');
    const script = join(__dirname, '../../../scripts/temporal-cli.mjs');
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => name !== 'TEMPORAL_ADDRESS'),
    );
    const fromFile = spawnSync(process.execPath, [script, 'workflow', 'list'], { cwd: dir, encoding: 'utf8', env });
    expect(fromFile.status).not.toBe(0);
    expect(fromFile.stderr).toContain('127.0.0.1:9');
    const fromEnv = spawnSync(process.execPath, [script, 'workflow', 'list'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...env, TEMPORAL_ADDRESS: '127.0.0.1:7' },
    });
    expect(fromEnv.stderr).toContain('127.0.0.1:7:');
  });
});

describe('the cluster engine binaries', () => {
  it('are pinned to the server the CLI embeds and built into one directory each (the server and UI are both "server")', () => {
    expect(CLUSTER_TOOLS.map((t) => `${t.module}@${t.version}`)).toEqual([
      'go.temporal.io/server/cmd/server@v1.29.1',
      'go.temporal.io/server/cmd/tools/sql@v1.29.1',
      'github.com/temporalio/ui-server/v2/cmd/server@v2.42.1',
    ]);
    const tools = resolveClusterTools();
    if (!tools) return; // not built on this machine: `npm run provision -- --cluster` (CI builds them)
    expect(new Set(Object.values(tools)).size).toBe(3);
    expect(spawnSync(tools.server, ['--version'], { encoding: 'utf8' }).stdout).toContain('1.29.1');
  });
});
