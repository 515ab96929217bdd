import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_BUNDLES_DIR, sharedBundle } from '../../helpers/bundle-cache';
import { quietLogger } from '../../helpers/quiet-logger';

describe('the test files’ shared workflow bundle', () => {
  it('is built once, reused while its sources read the same, and built again when one changes', async () => {
    // Inside the checkout (in its git-ignored data folder), where the bundler finds the SDK's workflow package from.
    const data = join(__dirname, '../../../.data');
    mkdirSync(data, { recursive: true });
    const dir = mkdtempSync(join(data, 'bundle-cache-test-'));
    const workflows = join(dir, 'workflows.ts');
    const rule = join(dir, 'rule.ts');
    writeFileSync(
      workflows,
      "import { greeting } from './rule';\nexport async function hello() { return greeting; }\n",
    );
    writeFileSync(rule, "export const greeting = 'first';\n");
    let builds = 0;
    const name = `unit-${process.pid}-${Date.now()}`;
    const get = () =>
      sharedBundle(name, (hook) => {
        builds++;
        return bundleWorkflowCode({ workflowsPath: workflows, logger: quietLogger, webpackConfigHook: hook });
      });

    const first = await get();
    expect(first.code).toContain("'first'");
    const again = await get();
    expect(builds).toBe(1);
    expect(again.code).toBe(first.code);

    // A file the entry point imports, not the entry point itself: webpack's own list of what it read is what counts.
    writeFileSync(rule, "export const greeting = 'second';\n");
    const rebuilt = await get();
    expect(builds).toBe(2);
    expect(rebuilt.code).toContain("'second'");
    rmSync(dir, { recursive: true });
    for (const file of readdirSync(SHARED_BUNDLES_DIR))
      if (file.startsWith(name)) rmSync(join(SHARED_BUNDLES_DIR, file));
  }, 60_000);
});
