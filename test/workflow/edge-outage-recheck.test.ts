import { Worker } from '@temporalio/worker';
import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import { outageRecheckWorkflowId } from '../../domain/workflow-ids';
import { edgeOutageRecheck } from '../../workflows';
import type { EdgeOutageRecheckInput } from '../../workflows/outage/edge-outage-recheck';
import { orchestrationWorker, useWorkflowTestEnv } from '../helpers/time-skipping';
import { FakeBruin, FakeVelocloud, down, recordingDigi, recordingNotifier, up } from '../helpers/fake-vendors';

const edge = (over: Partial<EdgeOutageRecheckInput> = {}): EdgeOutageRecheckInput => ({
  host: 'mettel.velocloud.net',
  enterpriseId: 1,
  edgeId: 101,
  serialNumber: 'VC05200028729',
  clientId: '9994',
  ...over,
});

describe('edge outage recheck workflow (time-skipping server)', () => {
  const ctx = useWorkflowTestEnv();

  /** Runs rechecks one after another against the same fake vendors. */
  async function recheck(bruin: FakeBruin, velocloud: FakeVelocloud, inputs: EdgeOutageRecheckInput[]) {
    const slack: string[] = [];
    const reboots: string[] = [];
    const workers = await Promise.all([
      orchestrationWorker({ connection: ctx.env.nativeConnection, bundle: ctx.bundle }),
      Worker.create({ connection: ctx.env.nativeConnection, taskQueue: 'bruin', activities: bruin.activities() }),
      Worker.create({
        connection: ctx.env.nativeConnection,
        taskQueue: 'velocloud',
        activities: velocloud.activities(),
      }),
      Worker.create({
        connection: ctx.env.nativeConnection,
        taskQueue: 'notifier',
        activities: recordingNotifier(slack),
      }),
      Worker.create({ connection: ctx.env.nativeConnection, taskQueue: 'digi', activities: recordingDigi(reboots) }),
    ]);
    const runAll = async () => {
      const results = [];
      for (const input of inputs) {
        results.push(
          await ctx.env.client.workflow.execute(edgeOutageRecheck, {
            taskQueue: 'orchestration',
            workflowId: outageRecheckWorkflowId(input.host, input.edgeId),
            args: [input],
          }),
        );
      }
      return results;
    };
    const results = await workers.reduce<Promise<Awaited<ReturnType<typeof runAll>>>>(
      (inner, w) => w.runUntil(inner),
      runAll(),
    );
    return { results, slack, reboots };
  }

  it('edge down, then back up within 5 s: recovered, no ticket', async () => {
    const bruin = new FakeBruin();
    const started = await ctx.env.currentTimeMs();
    const { results, slack } = await recheck(bruin, new FakeVelocloud([up('VC05200028729')]), [edge()]);
    expect(results[0]).toEqual({ outcome: 'recovered', actions: [] });
    expect(bruin.calls).toEqual([]);
    expect(slack).toEqual([]);
    expect((await ctx.env.currentTimeMs()) - started).toBeGreaterThanOrEqual(5_000); // the durable 5 s timer elapsed (skipped)
  });

  it('edge down on two detections: one ticket with one note and one Slack message', async () => {
    const bruin = new FakeBruin();
    const { results, slack, reboots } = await recheck(bruin, new FakeVelocloud([down('VC05200028729')]), [
      edge({ rebootDigi: true }),
      edge(),
    ]);
    expect(results[0]).toMatchObject({ outcome: 'ticket-created', ticketId: '1000' });
    expect(results[1]).toEqual({ outcome: 'ticket-in-progress', ticketId: '1000', actions: [] });
    expect(bruin.tickets).toHaveLength(1);
    expect(bruin.notes).toHaveLength(1);
    expect(bruin.notes[0].note.startsWith(AUTOMATION_MARKER)).toBe(true);
    expect(bruin.notes[0].note).toContain('Link GE1 ISP (GE1): DISCONNECTED');
    expect(slack).toEqual([expect.stringContaining('Outage ticket 1000 created for edge edge-VC05200028729')]);
    expect(reboots).toEqual(['VC05200028729']);
  });

  it('a resolved outage ticket exists: it is unresolved and noted, no new ticket', async () => {
    const bruin = new FakeBruin();
    const ticketId = bruin.seed({ clientId: '9994', serviceNumber: 'VC05200028729', status: 'Resolved' });
    const { results, slack } = await recheck(bruin, new FakeVelocloud([down('VC05200028729')]), [edge()]);
    expect(results[0]).toEqual({
      outcome: 'ticket-unresolved',
      ticketId,
      actions: [
        { action: 'unresolve-ticket', ticketId },
        { action: 'append-note', ticketId },
      ],
    });
    expect(bruin.tickets).toEqual([expect.objectContaining({ ticketId, status: 'InProgress' })]);
    expect(slack).toEqual([]);
  });

  it('an in-progress outage ticket exists: no action at all', async () => {
    const bruin = new FakeBruin();
    bruin.seed({ clientId: '9994', serviceNumber: 'VC05200028729', status: 'InProgress' });
    const { results } = await recheck(bruin, new FakeVelocloud([down('VC05200028729')]), [edge()]);
    expect(results[0].outcome).toBe('ticket-in-progress');
    expect(bruin.notes).toEqual([]);
    expect(bruin.calls).toEqual(['create VC05200028729']);
  });

  it('Bruin answers 5xx while creating: retried, exactly one ticket', async () => {
    const bruin = new FakeBruin();
    bruin.failNextCreates = 2;
    const { results } = await recheck(bruin, new FakeVelocloud([down('VC05200028729')]), [edge()]);
    expect(results[0].outcome).toBe('ticket-created');
    expect(bruin.calls).toEqual(['create VC05200028729', 'create VC05200028729', 'create VC05200028729']);
    expect(bruin.tickets).toHaveLength(1);
  });

  it('dry run: returns the intended actions and changes nothing', async () => {
    const bruin = new FakeBruin();
    const { results, slack } = await recheck(bruin, new FakeVelocloud([down('VC05200028729')]), [
      edge({ dryRun: true, rebootDigi: true }),
    ]);
    expect(results[0]).toEqual({
      outcome: 'dry-run',
      actions: [
        { action: 'create-ticket', serviceNumber: 'VC05200028729' },
        { action: 'append-note', ticketId: 'new' },
        { action: 'slack', ticketId: 'new' },
        { action: 'reboot', serial: 'VC05200028729' },
      ],
    });
    expect(bruin.calls).toEqual([]);
    expect(slack).toEqual([]);
  });
});
