import { createAppStoreActivities } from '../../activities/app-store/activities';
import { createOwedMarkActivities, type OwedMarksCheck } from '../../activities/app-store/owed-marks';
import { tellOwed } from '../../cli/owed-story';
import { SearchAttr } from '../../domain/search-attributes';
import { outageTicketSubject, owedWorkWorkflowId } from '../../domain/workflow-ids';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { owedMarksCheck, owedWork } from '../../workflows';
import { useWorkflowTestEnv, withWorkers } from '../helpers/time-skipping';

const HOUR_MS = 3_600_000;

describe('owed marks check (time-skipping server, SQLite store)', () => {
  const ctx = useWorkflowTestEnv();
  const store = new SqliteAppStore(':memory:');
  afterAll(() => store.close());

  /** A device's owed queue: a flapping note owed for the last hour; no Bruin worker, so it waits for one. */
  const startQueue = (serviceNumber: string) => {
    const subject = outageTicketSubject(serviceNumber);
    return ctx.env.client.workflow.start(owedWork, {
      taskQueue: 'orchestration',
      workflowId: owedWorkWorkflowId(subject),
      args: [
        {
          subject,
          items: [
            {
              id: `test/${serviceNumber}`,
              step: { kind: 'flapping-note', serviceNumber, note: 'flapping' },
              decidedBy: 'test',
              owedSince: new Date(Date.now() - HOUR_MS).toISOString(),
              reason: 'Bruin answered 503',
            },
          ],
        },
      ],
    });
  };
  const marks = async () => (await store.owedMarksHeld(100)).map((m) => `${m.subject} <- ${m.holder}`).sort();
  const check = (n: number) =>
    ctx.env.client.workflow.execute(owedMarksCheck, {
      taskQueue: 'orchestration',
      workflowId: `owed-marks-check-${n}`,
      args: [{}],
    });
  const outcome = async (workflowId: string) =>
    (await ctx.env.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(SearchAttr.Outcome);

  it('clears the marks of a terminated queue and of a holder that is gone, keeps a running one and a fresh one', async () => {
    await withWorkers(
      ctx,
      { orchestration: { ...createAppStoreActivities(store), ...createOwedMarkActivities(store) } },
      async () => {
        const kept = await startQueue('VC-KEPT');
        const terminated = await startQueue('VC-TERMINATED');
        // Each queue marks its subject as its first step.
        for (let i = 0; (await marks()).length < 2; i++) {
          if (i > 100) throw new Error(`the queues did not mark their subjects: ${await marks()}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        await terminated.terminate('operator gave the note up');
        // A dispatch timeline whose history is gone, owed for an hour; a subject marked a moment ago whose queue
        // is about to start (owe() marks before it starts the queue).
        const gone = 'dispatch/lit/DIS-GONE';
        await store.markOwed(gone, gone, new Date(Date.now() - HOUR_MS));
        await store.markOwed('outage-ticket/VC-STARTING', 'owed/outage-ticket/VC-STARTING', new Date());

        // `npm run story -- owed`: each mark, oldest first, with its holder and what a running one still owes.
        const story = (await tellOwed(ctx.env.client, store, { uiBase: 'http://ui' })).split('\n');
        const subjects = story.flatMap((l) => /^\S+Z {2}(\S+) {2}owed /.exec(l)?.[1] ?? []);
        expect(subjects).toEqual([
          'outage-ticket/VC-KEPT',
          'outage-ticket/VC-TERMINATED',
          gone,
          'outage-ticket/VC-STARTING',
        ]);
        expect(story).toEqual(
          expect.arrayContaining([
            '4 subject(s) owe side effects, oldest first (what the owed gauges count):',
            // Its Outcome is set on the task after its mark: not asserted, it may not be there yet.
            expect.stringMatching(/^ {2}held by owedWork owed\/outage-ticket\/VC-KEPT {2}RUNNING/),
            expect.stringMatching(/^ {2}owes 1: flapping-note \(since .*, decided by test: Bruin answered 503\)$/),
            expect.stringMatching(/^ {2}held by owedWork owed\/outage-ticket\/VC-TERMINATED {2}TERMINATED/),
            '  nothing running will deliver it (given up when its holder ended): the owed marks check clears it',
            `  held by ${gone}, which the server does not know: the owed marks check clears this mark`,
          ]),
        );

        const first: OwedMarksCheck = await check(1);
        expect(first.checked).toBe(4);
        expect(first.cleared.map((m) => [m.subject, m.holderStatus]).sort()).toEqual([
          [gone, 'not-found'],
          ['outage-ticket/VC-TERMINATED', 'TERMINATED'],
        ]);
        expect(await outcome('owed-marks-check-1')).toBe('cleared');
        expect(await marks()).toEqual([
          `outage-ticket/VC-KEPT <- ${kept.workflowId}`,
          'outage-ticket/VC-STARTING <- owed/outage-ticket/VC-STARTING',
        ]);

        // Nothing left to clear: the next run is clean.
        expect((await check(2)).cleared).toEqual([]);
        expect(await outcome('owed-marks-check-2')).toBe('clean');
        await kept.terminate('end of test');
      },
    );
  });
});
