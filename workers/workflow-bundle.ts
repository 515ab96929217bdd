import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type BundleOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const domainDir = join(__dirname, '../domain');

/**
 * The modules every workflow in the worker's reused V8 context shares instead of evaluating a copy of its own: the
 * pure rules in `domain/`, which hold no per-workflow state and use no workflow API at load time (a module-level
 * memo of time-zone formatters is shared, which is what it is for). The SDK deep-freezes them once loaded.
 * A cached workflow otherwise carries its own instance of each (issue 31 item 3: memory of sleeping timelines).
 */
export function sharedWorkflowModules(): string[] {
  return (readdirSync(domainDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(domainDir, f))
    .sort();
}

/** The engine's workflow bundle as the workers run it: `workflows/`, the failure converter, the shared modules. */
export function bundleEngineWorkflows(logger: BundleOptions['logger']): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath: require.resolve('../codec/failure-converter'),
    preloadModules: sharedWorkflowModules(),
    logger,
  });
}
