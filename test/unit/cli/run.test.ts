import type { Client } from '@temporalio/client';
import type { AppConfig } from '../../../config';
import { cliExitCode, type CliSpec } from '../../../cli/run';
import { UsageError } from '../../../cli/usage-error';

/** A CLI run with a fake client: what it printed, whether it connected, whether it closed the connection. */
async function run(argv: string[], spec: Partial<CliSpec<string[]>>) {
  const errors: string[] = [];
  const seen = { connected: false, closed: false };
  const client = { connection: { close: async () => void (seen.closed = true) } } as unknown as Client;
  const code = await cliExitCode(
    argv,
    { usage: 'usage: npm run thing -- <x>', parse: (a) => a, body: async () => {}, ...spec },
    {
      error: (t) => errors.push(t),
      connect: async () => {
        seen.connected = true;
        return { client, config: {} as AppConfig };
      },
    },
  );
  return { code, errors, ...seen };
}

describe('the CLI runner every engine command shares', () => {
  it('a usage mistake exits 2 with the usage, before any server is contacted', async () => {
    const r = await run(['--bogus'], {
      parse: () => {
        throw new UsageError('unknown option --bogus');
      },
    });
    expect(r).toMatchObject({
      code: 2,
      errors: ['unknown option --bogus\n\nusage: npm run thing -- <x>'],
      connected: false,
    });
  });

  it('a failure exits 1 with its message, or the explanation the command gives; the connection is closed', async () => {
    const failing = { body: async () => Promise.reject(new Error('schedule "x" not found')) };
    expect(await run([], failing)).toMatchObject({ code: 1, errors: ['schedule "x" not found'], closed: true });
    expect(
      await run([], { ...failing, explain: () => 'no such schedule: x (see: npm run schedules -- list)' }),
    ).toMatchObject({
      code: 1,
      errors: ['no such schedule: x (see: npm run schedules -- list)'],
    });
  });

  it('done: exit 0, the body got the parsed arguments, the connection is closed', async () => {
    let got: string[] = [];
    const r = await run(['a', 'b'], { body: async (args) => void (got = args) });
    expect(r).toMatchObject({ code: 0, errors: [], connected: true, closed: true });
    expect(got).toEqual(['a', 'b']);
  });
});
