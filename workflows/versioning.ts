import { setWorkflowOptions } from '@temporalio/workflow';

/**
 * How each workflow type moves between builds under Worker Versioning (docs/operations/deploying.md). Every
 * registered type declares one next to its definition; `test/unit/workflows/versioning.test.ts` lists them.
 *
 * - `pinned`: the run finishes on the build it started on, so a new build may change its commands freely (no
 *   `patched()`). For what sleeps for hours or days; the old build keeps polling until its runs drain.
 * - `autoUpgrade`: the run moves to the current build at its next workflow task. For what lives seconds to minutes
 *   (or must never wait on an old build); a change to its commands still needs `patched()` until the runs drain.
 */
type Workflow = (...args: never[]) => Promise<unknown>;

export function pinned(workflow: Workflow): void {
  setWorkflowOptions({ versioningBehavior: 'PINNED' }, workflow);
}

export function autoUpgrade(workflow: Workflow): void {
  setWorkflowOptions({ versioningBehavior: 'AUTO_UPGRADE' }, workflow);
}
