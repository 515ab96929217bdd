import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec, ENCRYPTION_KEY_ID, type KeyMaterial } from './aes-gcm-codec';

/** The payload keys are not the ones this engine's data was written with. */
export class PayloadKeyMismatchError extends Error {
  override name = 'PayloadKeyMismatchError';
}

type ScheduleService = Pick<temporal.api.workflowservice.v1.WorkflowService, 'listSchedules' | 'describeSchedule'>;

/**
 * Refuses keys that cannot read what the engine wrote, before a worker polls (otherwise every task
 * fails with a retryable decryption error). The schedules' arguments are encrypted by whoever applied
 * them: each key ID found there must be one this process holds, and its key must decrypt them. A
 * fresh namespace (no schedule with arguments yet) has nothing to check.
 */
export async function checkPayloadKeys(
  service: ScheduleService,
  namespace: string,
  keys: { current: KeyMaterial; old: KeyMaterial[] },
): Promise<{ checked: string[] }> {
  const codec = new AesGcmPayloadCodec(keys.current, keys.old);
  const held = new Set([keys.current.id, ...keys.old.map((k) => k.id)]);
  const { schedules } = await service.listSchedules({ namespace, maximumPageSize: 50 });
  const checked: string[] = [];
  for (const { scheduleId } of schedules ?? []) {
    if (!scheduleId) continue;
    const described = await service.describeSchedule({ namespace, scheduleId });
    const payloads = (described.schedule?.action?.startWorkflow?.input?.payloads ?? []) as Payload[];
    for (const payload of payloads) {
      const raw = payload.metadata?.[ENCRYPTION_KEY_ID];
      if (!raw) continue; // not encrypted: nothing to learn
      const keyId = Buffer.from(raw).toString('utf8');
      if (!held.has(keyId)) {
        throw new PayloadKeyMismatchError(
          `schedule "${scheduleId}" was written with payload key "${keyId}", which this process does not hold ` +
            `(current "${keys.current.id}"${keys.old.length ? `, old ${keys.old.map((k) => `"${k.id}"`).join(', ')}` : ''}): ` +
            `add it to PAYLOAD_OLD_KEYS, or set the right PAYLOAD_KEY_ID/PAYLOAD_KEY`,
        );
      }
      try {
        await codec.decode([payload]);
      } catch {
        throw new PayloadKeyMismatchError(
          `PAYLOAD_KEY for key ID "${keyId}" cannot decrypt what that key wrote (schedule "${scheduleId}"): ` +
            'it is not the key this engine uses under that ID; fix PAYLOAD_KEY',
        );
      }
      if (!checked.includes(keyId)) checked.push(keyId);
    }
  }
  return { checked };
}
