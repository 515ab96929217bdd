import type { BundleOptions, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type ConfigHook = NonNullable<BundleOptions['webpackConfigHook']>;

const ROOT = join(__dirname, '../..');
export const SHARED_BUNDLES_DIR = join(ROOT, 'node_modules/.cache/automation-engine-test-bundles');
/** What shapes a bundle besides its sources: the packages (webpack, its loaders, the SDK) and the bundle options. */
const SHAPERS = [
  join(ROOT, 'package-lock.json'),
  join(ROOT, 'workers/workflow-bundle.ts'),
  require.resolve('./workflow-coverage'),
  __filename,
];

interface CachedBundle {
  /** Every file webpack read for the bundle, and the shapers, with their digests when it was built. */
  inputs: Array<[path: string, digest: string]>;
  bundle: WorkflowBundleWithSourceMap;
}

function digest(path: string): string {
  try {
    return createHash('sha1').update(readFileSync(path)).digest('hex');
  } catch {
    return 'absent';
  }
}

/** Collects the files a compilation read (webpack's own list), for the cache to check next time. */
function recordInputs(into: Set<string>): ConfigHook {
  const plugin = {
    apply(compiler: {
      hooks: { afterCompile: { tap(name: string, f: (c: { fileDependencies: Iterable<string> }) => void): void } };
    }) {
      compiler.hooks.afterCompile.tap('automation-engine-test-bundle-inputs', (compilation) => {
        for (const file of compilation.fileDependencies) into.add(file);
      });
    },
  };
  return (config) => ({ ...config, plugins: [...(config.plugins ?? []), plugin as never] });
}

/**
 * A workflow bundle the test files share: built by the first file that needs it (`build` gets a config hook to pass to
 * the bundler), kept under `node_modules/.cache`, and reused by the others while every file it was built from reads the
 * same. Bundling took 3 to 8 s per test file, 40 files over a run; the check takes milliseconds.
 */
export async function sharedBundle(
  name: string,
  build: (hook: ConfigHook) => Promise<WorkflowBundleWithSourceMap>,
): Promise<WorkflowBundleWithSourceMap> {
  // A bundle names its sources by absolute path (coverage counts and source maps): one per checkout.
  const file = join(SHARED_BUNDLES_DIR, `${name}-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.json`);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as CachedBundle;
    if (cached.inputs.every(([path, was]) => digest(path) === was)) return cached.bundle;
  } catch {
    // none yet, or unreadable: build it
  }
  const inputs = new Set(SHAPERS);
  const bundle = await build(recordInputs(inputs));
  const cached: CachedBundle = { inputs: [...inputs].sort().map((path) => [path, digest(path)]), bundle };
  mkdirSync(SHARED_BUNDLES_DIR, { recursive: true });
  // Two files may build it side by side: each writes its own file and renames it into place whole.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(cached));
  renameSync(partial, file);
  return bundle;
}
