import type { Server } from 'node:http';
import { serveDevops } from '../../devops/serve';
import { useTestEngine } from '../helpers/engine';
import { freePort, testLogger } from '../helpers/env';
import { useTestPortal } from '../helpers/portal';
import { fuzz, schemathesisCli, type FuzzRun } from '../helpers/schemathesis';

const TOKEN = 'fuzz-devops-token-0123456789';
const TICKET = '4694970';

/** A visit three days ahead at the site, as the form gives it. */
function inThreeDays() {
  const at = new Date(Date.now() + 72 * 3_600_000);
  const [date, time] = at.toISOString().split('T');
  return { date, time: time.slice(0, 5), timeZone: 'Etc/UTC' };
}

/** A clean run: exit 0, every documented operation tested with generated cases (the output when not). */
function expectClean(run: FuzzRun, operations: number) {
  if (run.code !== 0) throw new Error(`Schemathesis exited ${run.code}:\n${run.output.slice(-20_000)}`);
  expect(run.output).toMatch(
    new RegExp(`API Operations:\\s+Selected: ${operations}/${operations}\\s+Tested: ${operations}`),
  );
  // Every generated case passed every check, and there were enough of them to mean something.
  const cases = /Test cases:\s+(\d+) generated, (\d+) passed/.exec(run.output);
  expect(cases && cases[1] === cases[2] && Number(cases[1])).toBeGreaterThanOrEqual(100);
}

describe('the OpenAPI documents say what the servers enforce: Schemathesis against the portal and the DevOps service', () => {
  const engine = useTestEngine('api-fuzz', { DEVOPS_EVENTS_SECRET_TOKEN: TOKEN });
  const portal = useTestPortal(engine);
  let devops: Server;
  let devopsUrl: string;

  beforeAll(async () => {
    schemathesisCli(); // builds the venv on a new machine (about a minute), before any timed run
    const port = await freePort();
    devops = await serveDevops({ ...engine.config.devops, port }, engine.store.devops, testLogger());
    devopsUrl = `http://127.0.0.1:${port}`;
  }, 600_000);
  afterAll(async () => {
    await new Promise((r) => devops?.close(r));
  });

  /**
   * What the fuzzer signs in with and the records it reaches (see test/fuzz/schemathesis.toml): built once,
   * the settings file serves both runs.
   */
  let env: Promise<Record<string, string>> | undefined;
  const fuzzEnv = () => (env ??= signedInWithADispatch());
  async function signedInWithADispatch(): Promise<Record<string, string>> {
    const dana = await portal.signIn('dana');
    const created = await portal.api('POST', '/api/dispatches', {
      as: dana,
      headers: { 'idempotency-key': `fuzz-${Date.now()}` },
      body: {
        vendor: 'lit',
        ticketId: TICKET,
        ...inThreeDays(),
        contactName: 'Dana Smith',
        contactPhone: '+1 212-555-0142',
      },
    });
    expect(created.status).toBe(202);
    return {
      FUZZ_SESSION: dana.cookie.slice(dana.cookie.indexOf('=') + 1),
      FUZZ_CSRF: dana.csrf,
      FUZZ_TOKEN: TOKEN,
      FUZZ_TICKET: TICKET,
      FUZZ_VENDOR: 'lit',
      FUZZ_REFERENCE: created.json.reference as string,
    };
  }

  it('the portal, signed in as a dispatcher: no server error, answers as documented, valid accepted, invalid refused, 405 with Allow', async () => {
    const run = await fuzz(`${portal.url}/api/openapi.json`, { env: await fuzzEnv(), maxExamples: 20 });
    expectClean(run, 13);
  }, 600_000);

  it('the DevOps service with its bearer token: the same checks on its own document', async () => {
    const run = await fuzz(`${devopsUrl}/openapi.json`, { env: await fuzzEnv(), maxExamples: 30 });
    expectClean(run, 3);
  }, 600_000);
});
