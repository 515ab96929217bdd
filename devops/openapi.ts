import { z } from 'zod';
import { eventBody, eventIdHeader } from './event-body';

/** `?days=` of `GET /dora/<repo>`. */
export const WINDOW_DAYS = { minimum: 1, maximum: 365 } as const;

const level = z.enum(['elite', 'high', 'medium', 'low']);
/** What `GET /dora/<repo>` answers: the four keys, as `doraKeys` computes them, and how they were read. */
const doraAnswer = z.object({
  repo: z.string(),
  windowDays: z.number().int(),
  from: z.string().describe('ISO 8601, the window start'),
  to: z.string(),
  deploymentFrequency: z.object({ deploys: z.number().int(), perDay: z.number(), level }),
  leadTimeHours: z.object({ median: z.number().nullable(), measured: z.number().int(), level: level.nullable() }),
  changeFailureRate: z.object({
    failed: z.number().int(),
    deploys: z.number().int(),
    rate: z.number().nullable(),
    level: level.nullable(),
  }),
  timeToRestoreHours: z.object({
    median: z.number().nullable(),
    restored: z.number().int(),
    open: z.number().int(),
    level: level.nullable(),
  }),
  eventsRead: z.number().int(),
  computedInMs: z.number(),
  lastScheduledComputation: z.string().nullable().describe('when the schedule last stored this repo and window'),
});
const posted = z.object({
  status: z.enum(['stored', 'duplicate']),
  warnings: z.array(z.string()).optional().describe('what the DORA keys cannot use (the event is stored anyway)'),
});
const problem = z.object({ error: z.string() }).describe('what was wrong');

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema: schema(s) } },
});
const errors = (...codes: Array<[number, string]>) =>
  Object.fromEntries(codes.map(([code, description]) => [String(code), json(problem, description)]));
const unauthorized: [number, string] = [401, 'missing or wrong token'];
/** Either header carries the token: the seed's CI client sends X-Secret-Token. */
const security = [{ secretToken: [] }, { bearer: [] }];

/**
 * The DevOps metrics service's OpenAPI document (at `GET /openapi.json`), from the schemas the server
 * checks with: what it calls valid the server never answers 400.
 */
export const DEVOPS_OPENAPI = {
  openapi: '3.0.3',
  info: {
    title: 'DevOps metrics service',
    version: '1.0.0',
    description:
      "CI posts its events (seed 003's report_devops_event scripts); the DORA keys are read back per repository. " +
      'Every call but /health and this document carries X-Secret-Token: <DEVOPS_EVENTS_SECRET_TOKEN> ' +
      '(as the seed client sends it) or Authorization: Bearer <DEVOPS_EVENTS_SECRET_TOKEN>.',
  },
  components: {
    securitySchemes: {
      secretToken: { type: 'apiKey', in: 'header', name: 'X-Secret-Token' },
      bearer: { type: 'http', scheme: 'bearer' },
    },
  },
  paths: {
    '/health': { get: { summary: 'Liveness', responses: { 200: json(z.object({ ok: z.literal(true) }), 'up') } } },
    '/process-event': {
      post: {
        summary: 'Record a CI event (stored on disk before the 200; the same Event-Id twice is stored once)',
        security,
        parameters: [
          {
            in: 'header',
            name: 'Event-Id',
            required: false,
            description: "the sender's ID for this event: a retry with it is a duplicate, not a second event",
            schema: schema(eventIdHeader),
          },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schema(eventBody) } },
        },
        responses: {
          200: json(posted, 'stored, or already stored under this Event-Id'),
          ...errors(
            [400, 'not JSON, or a field does not match this document'],
            unauthorized,
            [413, 'body over 64 KiB'],
            [422, "well formed, but Time is more than a day ahead of the service's clock"],
          ),
        },
      },
    },
    '/dora/{repo}': {
      get: {
        summary: 'The DORA keys of a repository (or ALL) over the last days',
        security,
        parameters: [
          { in: 'path', name: 'repo', required: true, schema: { type: 'string', minLength: 1 } },
          {
            in: 'query',
            name: 'days',
            required: false,
            description: 'the window in days (default DEPLOYMENT_FREQ_TIMEFRAME_DAY)',
            schema: { type: 'integer', ...WINDOW_DAYS },
          },
        ],
        responses: {
          200: json(doraAnswer, 'the keys, computed now from what is stored'),
          ...errors([400, 'days is not a whole number 1-365, or repo is not valid percent-encoding'], unauthorized),
        },
      },
    },
  },
};
