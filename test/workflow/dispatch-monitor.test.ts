import type { DispatchTimelineActivities } from '../../activities/dispatch/activities';
import type { LitActivities } from '../../activities/lit/activities';
import type { LitDispatch } from '../../activities/lit/schemas';
import type { DispatchSnapshot } from '../../domain/dispatch';
import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import { dispatchMonitor } from '../../workflows';
import { FakeBruin } from '../helpers/fake-vendors';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';

const litDispatch = (n: number, ticketId = String(4_700_000 + n)): LitDispatch =>
  ({
    Dispatch_Number: `DIS${n}`,
    MetTel_Bruin_TicketID: ticketId,
    Dispatch_Status: 'Request Confirmed',
    Date_of_Dispatch: '2026-12-01',
    Hard_Time_of_Dispatch_Local: '10:00AM',
    Hard_Time_of_Dispatch_Time_Zone_Local: 'Eastern Time',
    Tech_First_Name: 'Joe',
    Tech_Mobile_Number: null,
    Job_Site_Contact_Name_and_Phone_Number: 'Jane Doe +12125550123',
  }) as LitDispatch;

describe('dispatch monitor workflow (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  /** LIT with `dispatches`, Bruin notes that make `ours` ours, and timeline activities that record deliveries. */
  function fleet(dispatches: LitDispatch[], ours: string[]) {
    const pages: Array<{ offset: number; limit: number; returned: number }> = [];
    const delivered: DispatchSnapshot[] = [];
    const bruin = new FakeBruin();
    for (const d of dispatches) {
      if (ours.includes(d.Dispatch_Number)) {
        bruin.notes.push({
          ticketId: d.MetTel_Bruin_TicketID!,
          note: `${AUTOMATION_MARKER}\nDispatch Requested\nDispatch Number: ${d.Dispatch_Number}`,
          createdDate: '2026-11-20T00:00:00Z',
        });
      }
    }
    const lit: Pick<LitActivities, 'listLitDispatchesPage'> = {
      listLitDispatchesPage: async ({ offset, limit }) => {
        const page = dispatches.slice(offset, offset + limit);
        pages.push({ offset, limit, returned: page.length });
        return { dispatches: page, nextOffset: offset + limit < dispatches.length ? offset + limit : null };
      },
    };
    const timelines: Omit<DispatchTimelineActivities, 'signalTimeline'> = {
      timelineStates: async ({ workflowIds }) =>
        Object.fromEntries(workflowIds.map((id) => [id, { status: 'absent' as const }])),
      deliverSnapshots: async ({ snapshots }) => {
        delivered.push(...snapshots);
        return snapshots.length;
      },
    };
    const run = (input: Parameters<typeof dispatchMonitor>[0]) =>
      withWorkers(ctx, { orchestration: timelines, lit, bruin: bruin.activities() }, () =>
        ctx.env.client.workflow.execute(dispatchMonitor, {
          taskQueue: 'orchestration',
          workflowId: `lit-dispatch-monitor-${Math.random()}`,
          args: [input],
        }),
      );
    return { pages, delivered, run, bruin };
  }

  const dispatches = [litDispatch(1), litDispatch(2, 'not-a-ticket'), litDispatch(3), litDispatch(4), litDispatch(5)];

  it('pages through the vendor list: each page is one small activity result; invalid and foreign dispatches stay with their page', async () => {
    const f = fleet(dispatches, ['DIS1', 'DIS3', 'DIS5']);
    const result = await f.run({ vendor: 'lit', pageSize: 2 });
    expect(f.pages).toEqual([
      { offset: 0, limit: 2, returned: 2 },
      { offset: 2, limit: 2, returned: 2 },
      { offset: 4, limit: 2, returned: 1 },
    ]);
    expect(result).toMatchObject({
      vendor: 'lit',
      listed: 5,
      discarded: 1,
      notOurs: 1,
      started: 3,
      updated: 0,
      dryRun: false,
      intended: [],
    });
    expect(result.discards).toEqual([
      { dispatchNumber: 'DIS2', reason: 'DIS2: MetTel_Bruin_TicketID "not-a-ticket" is not a Bruin ticket ID' },
    ]);
    expect(f.delivered.map((s) => s.dispatchNumber)).toEqual(['DIS1', 'DIS3', 'DIS5']);
  });

  it('Bruin not answering past the retries defers a dispatch to the next cycle (not discarded); a refused ticket is discarded', async () => {
    const f = fleet(dispatches, ['DIS1', 'DIS3', 'DIS5']);
    f.bruin.brokenNotes.set(String(4_700_004), 'createdDate');
    f.bruin.notesReadDownUntil = (await ctx.env.currentTimeMs()) + 5 * 60_000;
    const during = await f.run({ vendor: 'lit' });
    expect(during).toMatchObject({ listed: 5, discarded: 2, deferred: 3, notOurs: 0, started: 0 });
    expect(during.discards.map((d) => d.dispatchNumber)).toEqual(['DIS2', 'DIS4']);
    expect(during.deferrals).toEqual(
      ['DIS1', 'DIS3', 'DIS5'].map((n, i) => ({
        dispatchNumber: n,
        reason: expect.stringMatching(
          new RegExp(`^${n}: Bruin ticket ${4_700_000 + [1, 3, 5][i]} could not be read \\(.*503`),
        ),
      })),
    );
    expect(f.delivered).toEqual([]);
    await ctx.env.sleep(5 * 60_000);
    const after = await f.run({ vendor: 'lit' });
    expect(after).toMatchObject({ discarded: 2, deferred: 0, started: 3 });
    expect(f.delivered.map((s) => s.dispatchNumber)).toEqual(['DIS1', 'DIS3', 'DIS5']);
  });

  it('a cancel first seen with no timeline starts one (it writes the cancel note), phone or not; an old cancel is left alone', async () => {
    // Appointment days on the test server's clock: yesterday (recent), and a month ago (past the 7-day look-back).
    const day = async (daysAgo: number) =>
      new Date((await ctx.env.currentTimeMs()) - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const cancelled = (n: number, over: Partial<LitDispatch> = {}) =>
      ({ ...litDispatch(n), Dispatch_Status: 'Cancelled', ...over }) as LitDispatch;
    const yesterday = await day(1);
    const f = fleet(
      [
        cancelled(1, { Date_of_Dispatch: yesterday, Job_Site_Contact_Name_and_Phone_Number: 'Jane Doe (no phone)' }),
        cancelled(2, { Date_of_Dispatch: await day(30) }),
        cancelled(3, { Date_of_Dispatch: yesterday }),
      ],
      ['DIS1', 'DIS2', 'DIS3'],
    );
    const result = await f.run({ vendor: 'lit' });
    expect(result).toMatchObject({ listed: 3, discarded: 0, notOurs: 0, started: 2, finished: 1 });
    expect(f.delivered.map((s) => [s.dispatchNumber, s.status, s.sitePhone])).toEqual([
      ['DIS1', 'cancelled', ''],
      ['DIS3', 'cancelled', '+12125550123'],
    ]);
  });

  it('dry run: lists the timelines it would start, delivers nothing', async () => {
    const f = fleet(dispatches, ['DIS1', 'DIS4']);
    const result = await f.run({ vendor: 'lit', pageSize: 3, dryRun: true });
    expect(result).toMatchObject({ listed: 5, discarded: 1, notOurs: 2, started: 0, updated: 0, dryRun: true });
    expect(result.intended).toEqual([
      { action: 'start-timeline', dispatchNumber: 'DIS1', status: 'confirmed' },
      { action: 'start-timeline', dispatchNumber: 'DIS4', status: 'confirmed' },
    ]);
    expect(f.delivered).toEqual([]);
  });
});
