// `npm run test:record-histories`: re-records the golden histories under test/replay/histories from
// runs on the time-skipping server with fake activities. Re-record only for a deliberate, patched()
// change; the replay test must keep passing on histories recorded by earlier code.
import { join } from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createPoolHealthActivities } from '../../activities/pool-health';
import { createTimeSkippingEnv } from '../helpers/time-skipping';
import { writeHistory } from './history-file';

const fakeSend = (providerId: string) => async () => ({ outcome: 'sent' as const, providerId, idempotencyKey: 'k' });

async function main() {
  const env = await createTimeSkippingEnv();
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
  const queues = ['notifier', 'bruin', 'lit'];
  const workers = [
    await Worker.create({ connection: env.nativeConnection, taskQueue: 'orchestration', workflowBundle }),
    ...await Promise.all(queues.map((taskQueue) => Worker.create({
      connection: env.nativeConnection, taskQueue,
      activities: { ...createPoolHealthActivities(), sendEmail: fakeSend('<m@x>'), postSlackMessage: fakeSend('#noc/1.1'), sendSms: fakeSend('SM1') },
    }))),
  ];
  const runs: Array<{ file: string; workflowId: string; type: string; args: unknown[] }> = [
    { file: 'ops-notice-all-channels.json', workflowId: 'ops-notice/GOLDEN-1', type: 'opsNotice', args: [{ noticeId: 'GOLDEN-1', subject: 'Maintenance', text: 'Reboot at 02:00', emailTo: ['noc@example.com'], slack: true, smsTo: ['+12125550123'] }] },
    { file: 'pool-health-degraded.json', workflowId: 'pool-health-golden', type: 'poolHealthCheck', args: [['notifier', 'bruin', 'cts']] },
  ];
  const runAll = async () => {
    for (const run of runs) {
      const handle = await env.client.workflow.start(run.type, { taskQueue: 'orchestration', workflowId: run.workflowId, args: run.args });
      await handle.result();
      writeHistory(join(__dirname, 'histories', run.file), await handle.fetchHistory());
      console.log(`recorded ${run.file}`);
    }
  };
  await workers.reduce<Promise<void>>((inner, w) => w.runUntil(inner), runAll());
  await env.teardown();
}

void main();
