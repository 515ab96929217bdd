import { spawnSync } from 'node:child_process';
import { cachedCliPath, resolveTemporalCli, TEMPORAL_CLI_VERSION } from '../../../scripts/toolchain.cjs';

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
