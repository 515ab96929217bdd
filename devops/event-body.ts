import { z } from 'zod';
import { DEVOPS_EVENTS, type DevopsEventName } from '../domain/dora';
import { CALENDAR_DATE } from '../domain/time';
import type { IncomingDevopsEvent } from '../store/devops-events';

const DAY = 86_400_000;
// Exact patterns (a real day, hours below 24), so the OpenAPI document says what is accepted.
const DAY_PART = CALENDAR_DATE.source.slice(1, -1);
const HOUR = '(?:[01][0-9]|2[0-3])';
const CLOCK = `${HOUR}:[0-5][0-9]`;
/** The seed's example time, `2021-01-01 00:00:00`, is UTC without a zone; ISO 8601 with a zone is too. */
const SEED_TIME = new RegExp(`^${DAY_PART} ${CLOCK}:[0-5][0-9](?:\\.[0-9]+)?$`);
const ISO_TIME = new RegExp(`^${DAY_PART}T${CLOCK}(?::[0-5][0-9](?:\\.[0-9]+)?)?(?:Z|[+-]${HOUR}:?[0-5][0-9])$`);

const id = z.string().regex(/^[A-Za-z0-9._:/#-]{1,128}$/, 'expected 1-128 characters of [A-Za-z0-9._:/#-]');
const METADATA_FIELDS = 32;
/** The fields the DORA keys read; anything else in an object is kept as sent. */
const metadataObject = z
  .object({
    commit: z
      .string()
      .regex(/^[0-9a-fA-F]{7,64}$/, 'expected a commit SHA (7-64 hex digits)')
      .optional(),
    deployId: id.optional(),
    incidentId: id.optional(),
  })
  .catchall(z.string().max(1024, 'at most 1024 characters'))
  .refine((o) => Object.keys(o).length <= METADATA_FIELDS, `at most ${METADATA_FIELDS} fields`)
  .meta({ maxProperties: METADATA_FIELDS }); // the refinement, as the OpenAPI document says it

/** A CI script passes metadata as one string; one that is a JSON object is read as its fields. */
const metadata = z.union([metadataObject, z.string().max(4096, 'at most 4096 characters')]).transform((m, ctx) => {
  if (typeof m !== 'string' || !m.trimStart().startsWith('{')) return m;
  let parsed: unknown;
  try {
    parsed = JSON.parse(m);
  } catch {
    return m; // free text that happens to start with a brace, like the seed's example
  }
  const fields = metadataObject.safeParse(parsed);
  if (fields.success) return fields.data;
  for (const issue of fields.error.issues) ctx.addIssue({ ...issue, path: issue.path });
  return z.NEVER;
});

/** `POST /process-event`'s body, as the seed's CI script sends it. */
export const eventBody = z
  .object({
    Time: z
      .union([z.string().regex(ISO_TIME), z.string().regex(SEED_TIME)], {
        error: 'expected ISO 8601 with a zone, or "YYYY-MM-DD HH:MM:SS" (UTC), of a day and time that exist',
      })
      .transform((t) => new Date(SEED_TIME.test(t) ? `${t.replace(' ', 'T')}Z` : t).getTime())
      .optional(),
    Repo: z
      .string({ error: (issue) => (issue.input === undefined ? 'required' : 'expected a string') })
      .regex(/^[A-Za-z0-9._/-]{1,200}$/, 'expected a repository name (1-200 characters of [A-Za-z0-9._/-]) or ALL'),
    Event: z.enum(DEVOPS_EVENTS, { message: `must be one of: ${DEVOPS_EVENTS.join(', ')}` }),
    Metadata: metadata.optional(),
  })
  .strict();

export const eventIdHeader = id;

/** What the DORA keys will not be able to use, said back to the sender (the event is stored anyway). */
const NEEDS: Partial<Record<DevopsEventName, Array<[field: string, why: string]>>> = {
  push: [['commit', 'lead time']],
  deploy: [['commit', 'lead time']],
  incident_opened: [['incidentId', 'time to restore']],
  incident_resolved: [['incidentId', 'time to restore']],
};

/**
 * The body as an event to store, or why not. `now` bounds the time: a clock far ahead would put the
 * event outside every window until that day.
 */
export function parseEventBody(
  json: unknown,
  now: number,
  eventId?: string,
): { event: IncomingDevopsEvent; warnings: string[] } | { problems: string[]; status: 400 | 422 } {
  const parsed = eventBody.safeParse(json);
  if (!parsed.success)
    return {
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
      status: 400,
    };
  const { Time, Repo, Event, Metadata } = parsed.data;
  const at = Time ?? now;
  // The one rule the schema cannot state (it needs the clock): well formed, but refused.
  if (at > now + DAY)
    return { problems: ["Time: more than a day in the future; is the sender's clock right?"], status: 422 };
  const fields = typeof Metadata === 'object' ? Metadata : {};
  const warnings = (NEEDS[Event] ?? [])
    .filter(([field]) => fields[field] === undefined)
    .map(([field, why]) => `Metadata.${field} missing: this ${Event} is stored but not counted in ${why}`);
  return {
    event: { time: new Date(at).toISOString(), repo: Repo, event: Event, metadata: Metadata, eventId },
    warnings,
  };
}
