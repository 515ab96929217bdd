import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type BundleOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const domainDir = join(__dirname, '../domain');

/**
 * The modules every workflow in the worker's reused V8 context shares instead of evaluating a copy of its own: the
 * pure rules in `domain/`, and the workflow modules themselves (`workflows/` and everything it imports). None holds
 * per-workflow state at module level or calls a workflow API while it loads: their proxies, signal and query
 * definitions are plain values, and each workflow's versioning behaviour is set on its function as the module loads,
 * before the SDK deep-freezes the shared modules (a module-level memo of time-zone formatters is shared, which is
 * what it is for). Without this, a cached workflow carries its own instance of each (issue 31 item 3: memory of
 * sleeping timelines), and every evicted timeline evaluates all of them again when it wakes (item 2: the wake-up
 * task of a reminder).
 */
export function sharedWorkflowModules(): string[] {
  const domain = (readdirSync(domainDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(domainDir, f))
    .sort();
  return [...domain, require.resolve('../workflows')];
}

/**
 * The engine's workflow bundle as the workers run it: `workflows/`, the failure converter, the shared modules (tests
 * pass a config hook that records what webpack read, to reuse the bundle while none of it changes).
 */
export function bundleEngineWorkflows(
  logger: BundleOptions['logger'],
  webpackConfigHook?: BundleOptions['webpackConfigHook'],
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath: require.resolve('../codec/failure-converter'),
    preloadModules: sharedWorkflowModules(),
    logger,
    webpackConfigHook,
  });
}
