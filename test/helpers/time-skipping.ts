import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTestServer } from '../../scripts/toolchain.cjs';
import { registerSearchAttributes } from '../../temporal-config/search-attributes';

/** The time-skipping test server provisioned by `npm install` (Java, from Maven Central), with our search attributes. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = resolveTestServer();
  if (!path) throw new Error('time-skipping test server not provisioned: run `npm run provision`');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}
