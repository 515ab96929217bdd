import { connectClient } from '../../../temporal-config/client';
import { startTestDevServer } from '../../helpers/dev-server';
import { testConfig } from '../../helpers/env';

describe('the engine’s Temporal client', () => {
  it('a call in flight when the client closes, whose server then stops, fails as a call: the process goes on', async () => {
    const server = await startTestDevServer();
    const client = await connectClient(testConfig({ TEMPORAL_ADDRESS: server.address }));
    // No worker polls this queue: the result is a long poll, in flight until the server goes away.
    const handle = await client.workflow.start('nobodyRunsThis', { taskQueue: 'no-worker', workflowId: 'in-flight' });
    const outcome = handle.result().then(
      () => 'resolved',
      (err: Error) => `rejected: ${String(err.cause ?? err.message)}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    // What `npm start` does on Ctrl-C: the client closes, then the server stops. The call then fails as UNAVAILABLE,
    // and the SDK tries it again on a closed channel; unguarded, that throws in a timer and ends the process.
    await client.connection.close();
    await server.stop();
    // Unguarded, the throw leaves the call unsettled (and a process without Jest around it dead).
    const settled = await Promise.race([outcome, new Promise((r) => setTimeout(() => r('never settled'), 15_000))]);
    expect(settled).toMatch(/^rejected: .*CANCELLED.*closed before this call could be tried again/);
  }, 60_000);
});
