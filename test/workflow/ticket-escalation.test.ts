import { Client } from '@temporalio/client';
import { createNotifierActivities } from '../../activities/notifier/activities';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { ticketEscalation } from '../../workflows';
import type { TicketEscalationInput } from '../../workflows/escalation/ticket-escalation';
import { FakeBruin } from '../helpers/fake-vendors';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';

describe('ticket escalation workflow (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  it('escalates each due round once across runs, pages and continues as new, lists a dry run, names a broken ticket', async () => {
    const now = await ctx.env.currentTimeMs();
    const bruin = new FakeBruin();
    const opened = (id: string, minutesAgo: number, category: 'VOO' | 'VAS' = 'VOO') =>
      bruin.seed({
        ticketId: id,
        clientId: '9994',
        serviceNumber: `VC${id}`,
        status: 'InProgress',
        category,
        createDate: new Date(now - minutesAgo * 60_000).toISOString(),
      });
    opened('931', 10); // too young
    opened('932', 35); // round 1
    opened('933', 100, 'VAS'); // round 2
    opened('934', 45); // a person noted it
    opened('935', 50); // Bruin answers its notes broken
    bruin.notes.push({ ticketId: '934', note: 'Called the site', createdDate: new Date(now).toISOString() });
    bruin.brokenNotes.set('935', 'createdDate');

    const store = new SqliteAppStore(':memory:');
    const slack: Array<{ channel?: string; text: string }> = [];
    const emails: Array<{ to: string[]; subject: string }> = [];
    const notifier = createNotifierActivities({
      ledger: store,
      defaultSlackChannel: '#noc',
      email: {
        send: async (m) => {
          emails.push({ to: m.to, subject: m.subject });
          return { providerId: `e${emails.length}` };
        },
      },
      slack: {
        post: async (m) => {
          slack.push({ channel: m.channel, text: m.text });
          return { providerId: `s${slack.length}` };
        },
      },
      sms: { send: async () => ({ providerId: 'sms' }) },
    });
    const input: TicketEscalationInput = {
      clientIds: ['9994'],
      afterMinutes: 30,
      everyMinutes: 60,
      slackChannel: '#noc-escalations',
      emailTo: ['noc-escalations@mettel.net'],
      pageSize: 2,
      pagesPerRun: 1,
    };
    // A plain client, not the environment's: waiting on its result does not unlock time skipping, so the server
    // cannot jump idle time to the 10-year execution timeouts of the runs before (tickets would age years, and the
    // 10-minute-old one would be escalated). These runs sleep on nothing: real time is all they need.
    const plain = new Client({ connection: ctx.env.connection });
    const run = (id: string, over: Partial<TicketEscalationInput> = {}) =>
      plain.workflow.execute(ticketEscalation, {
        taskQueue: 'orchestration',
        workflowId: id,
        args: [{ ...input, ...over }],
      });
    const { dry, first, second } = await withWorkers(
      ctx,
      { orchestration: {}, bruin: bruin.activities(), notifier },
      async () => ({
        dry: await run('escalation-dry', { dryRun: true }),
        first: await run('escalation-1'),
        second: await run('escalation-2'),
      }),
    );
    await store.close();

    expect(dry).toMatchObject({ wouldEscalate: 2, escalated: 0, runs: 3, pages: 3, ticketsSeen: 5 });
    expect(dry.intended.map((i) => [i.ticketId, i.round])).toEqual([
      ['932', 1],
      ['933', 2],
    ]);
    expect(first).toMatchObject({ escalated: 2, tooYoung: 1, personNoted: 1, failed: 1, runs: 3 });
    expect(first.failures).toEqual([{ ticketId: '935', reason: expect.stringContaining('createdDate') }]);
    // Another run in the same round: each round went already, whichever run sent it.
    expect(second).toMatchObject({ escalated: 0, alreadyEscalated: 2 });
    expect(slack.map((m) => [m.channel, m.text.split('\n')[0]])).toEqual([
      ['#noc-escalations', ':rotating_light: *Escalation: ticket 932 (VC932) open 35 min with no note from a person*'],
      [
        '#noc-escalations',
        ':rotating_light: *Escalation (2): ticket 933 (VC933) open 1 h 40 min with no note from a person*',
      ],
    ]);
    expect(emails.map((e) => e.subject)).toEqual([
      'Escalation: ticket 932 (VC932) open 35 min with no note from a person',
      'Escalation (2): ticket 933 (VC933) open 1 h 40 min with no note from a person',
    ]);
  });
});
