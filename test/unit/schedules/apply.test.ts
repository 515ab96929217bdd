import { ScheduleAlreadyRunning, ServiceError, type Client } from '@temporalio/client';
import { applySchedules, transientServerError } from '../../../schedules/apply';
import type { ScheduleDefinition } from '../../../schedules/definitions';

const grpc = (code: number, message: string) => Object.assign(new Error(`${code} ${message}`), { code });
const failed = (code: number) =>
  new ServiceError('Failed to describe schedule', { cause: grpc(code, 'the scheduler did not answer') });

/** A client whose schedules all exist already, and whose updates fail with `failures` first, one per call. */
function clientWhoseUpdatesFail(failures: Error[]) {
  const updates: string[] = [];
  const client = {
    schedule: {
      create: ({ scheduleId }: { scheduleId: string }) =>
        Promise.reject(new ScheduleAlreadyRunning('exists', scheduleId)),
      getHandle: (id: string) => ({
        update: async () => {
          const failure = failures.shift();
          if (failure) throw failure;
          updates.push(id);
        },
      }),
    },
  } as unknown as Client;
  return { client, updates };
}

const def = (id: string) =>
  ({
    id,
    workflow: async () => undefined,
    args: [],
    every: '5m',
    catchupWindow: '5m',
    note: '',
    summary: '',
  }) as unknown as ScheduleDefinition;

describe('applySchedules on a server that has just started', () => {
  it('tries a schedule again while the server cannot describe it yet, then goes on with the rest', async () => {
    const { client, updates } = clientWhoseUpdatesFail([failed(4), failed(14)]);
    const outcomes = await applySchedules(client, [def('outage-monitor'), def('triage')], { pauseMs: 1 });
    expect(outcomes).toEqual([
      { id: 'outage-monitor', action: 'updated' },
      { id: 'triage', action: 'updated' },
    ]);
    expect(updates).toEqual(['outage-monitor', 'triage']);
  });

  it('fails at once on an error that will not pass (a bad argument), and after its patience on one that does not', async () => {
    await expect(
      applySchedules(clientWhoseUpdatesFail([failed(3)]).client, [def('outage-monitor')], { pauseMs: 1 }),
    ).rejects.toThrow('Failed to describe schedule');
    const endless = Array.from({ length: 1_000 }, () => failed(14));
    const started = Date.now();
    await expect(
      applySchedules(clientWhoseUpdatesFail(endless).client, [def('outage-monitor')], { patienceMs: 200, pauseMs: 20 }),
    ).rejects.toThrow('Failed to describe schedule');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('tells transient failures from the rest by their gRPC code, wrapped or not', () => {
    expect([2, 4, 13, 14].map((code) => transientServerError(failed(code)))).toEqual([true, true, true, true]);
    expect([3, 5, 6, 7].map((code) => transientServerError(failed(code)))).toEqual([false, false, false, false]);
    expect(transientServerError(grpc(14, 'unavailable'))).toBe(true);
    expect(transientServerError(new Error('no code'))).toBe(false);
  });
});
