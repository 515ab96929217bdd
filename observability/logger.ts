import pino, { type Logger as PinoLogger } from 'pino';
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import { humanLogStream } from './log-lines';

/** Field names whose values are never written to logs. */
const KEYS = ['to', 'phone', 'sitePhone', 'techPhone', 'email', 'authToken', 'token', 'password', 'authorization'];
const REDACT = [...KEYS, ...KEYS.map((k) => `*.${k}`)];

export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * The process's logger. Secrets and contact details are redacted by key. JSON lines for machines
 * (log shippers, files, pipes); readable lines when a person watches a terminal (`auto`: stdout is a
 * TTY) or `LOG_FORMAT=pretty`.
 */
export function createLogger(
  level: string,
  name = 'automation-engine',
  format: LogFormat = 'auto',
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): PinoLogger {
  const options = { name, level, redact: { paths: REDACT, censor: '[redacted]' }, base: { pid: process.pid } };
  const pretty = format === 'pretty' || (format === 'auto' && out.isTTY === true);
  return pino(options, pretty ? humanLogStream(out, out.isTTY === true) : out);
}

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

// Every single-role pool says these at start (a vendor pool has no workflows, none has Nexus services,
// by design): debug, not warnings or news.
const EXPECTED_AT_START =
  /^No (workflows|activities|Nexus services) registered, not polling for (workflow|activity|Nexus) tasks$/;

/** Routes the Temporal SDK's logs (worker, workflow, activity and forwarded Core logs) into pino. */
export class PinoSdkLogger implements SdkLogger {
  constructor(private readonly pino: PinoLogger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const expected =
      EXPECTED_AT_START.test(message) ||
      // Ten pools each say RUNNING at start and STOPPING, DRAINING, DRAINED, STOPPED at a Ctrl-C: fifty lines the
      // engine's own "worker pool ready" and "workers drained" already tell. A pool that fails still says so.
      (message === 'Worker state changed' && meta?.state !== 'FAILED');
    const effective = (level === 'WARN' || level === 'INFO') && expected ? 'DEBUG' : level;
    this.pino[PINO_LEVEL[effective] ?? 'info']({ ...meta, sdk: true }, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
