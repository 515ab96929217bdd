import type { Client } from '@temporalio/client';
import { connectClient } from '../temporal-config/client';
import { loadConfigOrExit, type AppConfig } from '../config';
import { UsageError } from './usage-error';

/** One CLI: its usage text, its argument parser, what it does, and how it explains a known failure. */
export interface CliSpec<A> {
  usage: string;
  parse: (argv: string[]) => A;
  body: (args: A, client: Client, config: AppConfig) => Promise<void>;
  explain?: (err: unknown) => string | undefined;
}

/** Where a CLI writes, and how it reaches Temporal (both replaced in tests). */
export interface CliIo {
  error: (text: string) => void;
  connect: () => Promise<{ client: Client; config: AppConfig }>;
}

const processIo: CliIo = {
  error: (text) => console.error(text),
  connect: async () => {
    const config = loadConfigOrExit();
    return { client: await connectClient(config), config };
  },
};

/**
 * The shape every engine CLI shares: arguments parsed first (no server needed to be told the usage),
 * then config (exits 78 listing bad variables) and a client with the engine's encrypting data
 * converter, closed afterwards. Returns the exit code: 0 done, 2 a usage error (with the usage
 * text), 1 any other error (its message, or what `explain` says about it).
 */
export async function cliExitCode<A>(argv: string[], spec: CliSpec<A>, io: CliIo = processIo): Promise<number> {
  try {
    const args = spec.parse(argv);
    const { client, config } = await io.connect();
    try {
      await spec.body(args, client, config);
    } finally {
      await client.connection.close();
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.error(`${err.message}\n\n${spec.usage}`);
      return 2;
    }
    io.error(spec.explain?.(err) ?? (err instanceof Error ? err.message : String(err)));
    return 1;
  }
}

/** Runs a CLI as this process: argv from the command line, the exit code as the process's. */
export function runCli<A>(
  usage: string,
  parse: CliSpec<A>['parse'],
  body: CliSpec<A>['body'],
  explain?: CliSpec<A>['explain'],
): void {
  void cliExitCode(process.argv.slice(2), { usage, parse, body, explain }).then((code) => process.exit(code));
}
