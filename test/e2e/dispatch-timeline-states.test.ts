import { isDeepStrictEqual } from 'node:util';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Client } from '@temporalio/client';
import { createDispatchTimelineActivities } from '../../activities/dispatch/activities';
import { connectClient } from '../../temporal-config/client';
import { startTestDevServer } from '../helpers/dev-server';
import { testConfig } from '../helpers/env';

describe('timeline states from one visibility query (the dispatch monitor reads them before signalling)', () => {
  let server: Awaited<ReturnType<typeof startTestDevServer>>;
  let client: Client;

  beforeAll(async () => {
    server = await startTestDevServer();
    client = await connectClient(testConfig({ TEMPORAL_ADDRESS: server.address }));
  });
  afterAll(async () => {
    await client?.connection.close();
    await server?.stop();
  });

  it('reports running with the applied snapshot fingerprint, closed, and absent; odd IDs are described one by one', async () => {
    // No worker polls this queue: the executions just exist, as timelines do between events.
    const start = (workflowId: string, memo?: Record<string, unknown>) =>
      client.workflow.start('dispatchTimeline', { taskQueue: 'no-worker-here', workflowId, args: [{}], memo });
    await start('dispatch/lit/DIS1', { snapshot: 'a1b2c3d4' });
    await start('dispatch/lit/DIS2');
    await (await start('dispatch/cts/S-3')).terminate('test: a finished timeline');
    await start("dispatch/lit/DIS'4"); // a quote cannot go into the visibility query
    const ids = [
      'dispatch/lit/DIS1',
      'dispatch/lit/DIS2',
      'dispatch/cts/S-3',
      "dispatch/lit/DIS'4",
      'dispatch/lit/NONE',
    ];
    const activities = createDispatchTimelineActivities(() => client);
    const expected = {
      'dispatch/lit/DIS1': { status: 'running', snapshot: 'a1b2c3d4' },
      'dispatch/lit/DIS2': { status: 'running' },
      'dispatch/cts/S-3': { status: 'closed' },
      "dispatch/lit/DIS'4": { status: 'running' },
      'dispatch/lit/NONE': { status: 'absent' },
    };
    // Visibility is eventually consistent: poll until the dev server has indexed all four.
    let states: unknown;
    for (let i = 0; i < 50; i++) {
      states = await new MockActivityEnvironment().run(activities.timelineStates, { workflowIds: ids });
      if (isDeepStrictEqual(states, expected)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(states).toEqual(expected);
  });
});
