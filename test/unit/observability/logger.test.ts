import pino from 'pino';
import { humanLogLine } from '../../../observability/log-lines';
import { createLogger, PinoSdkLogger } from '../../../observability/logger';

describe('SDK logs in pino', () => {
  it('keeps real warnings and a failed pool, and logs what every pool says at start and stop at debug', () => {
    const lines: Array<{ level: number; msg: string; sdk: boolean }> = [];
    const logger = new PinoSdkLogger(
      pino(
        { level: 'debug' },
        {
          write: (l: string) => {
            lines.push(JSON.parse(l) as { level: number; msg: string; sdk: boolean });
          },
        },
      ),
    );
    logger.warn('No workflows registered, not polling for workflow tasks', { taskQueue: 'bruin' });
    logger.warn('No activities registered, not polling for activity tasks');
    logger.info('No Nexus services registered, not polling for Nexus tasks');
    logger.warn('Workflow task failed');
    logger.info('Worker state changed', { state: 'DRAINING' });
    logger.info('Worker state changed', { state: 'FAILED' });
    expect(lines.map((l) => [l.level, l.msg, l.sdk])).toEqual([
      [20, 'No workflows registered, not polling for workflow tasks', true],
      [20, 'No activities registered, not polling for activity tasks', true],
      [20, 'No Nexus services registered, not polling for Nexus tasks', true],
      [40, 'Workflow task failed', true],
      [20, 'Worker state changed', true],
      [30, 'Worker state changed', true],
    ]);
  });
});

describe('readable log lines on a terminal', () => {
  const at = Date.parse('2026-11-24T21:05:06.789Z');
  it('shows time, level, origin and message, then the other fields; no color codes when not asked', () => {
    const line = humanLogLine(
      JSON.stringify({
        level: 40,
        time: at,
        pid: 1,
        name: 'worker',
        taskQueue: 'bruin',
        msg: 'Activity failed',
        attempt: 3,
        error: 'bruin answered 503',
      }),
      false,
    );
    expect(line).toBe('21:05:06.789 WARN  [worker queue=bruin] Activity failed attempt=3 error="bruin answered 503"');
  });

  it('colors the level only when the output is a terminal, and passes non-JSON text through', () => {
    expect(humanLogLine(JSON.stringify({ level: 50, time: at, msg: 'x' }), true)).toContain('\u001b[31mERROR\u001b[0m');
    expect(humanLogLine('plain text\n', false)).toBe('plain text');
  });

  it('LOG_FORMAT: readable lines for pretty (or auto on a TTY), JSON otherwise; contact details and secrets redacted in both', () => {
    const sink = (isTTY: boolean) => {
      const written: string[] = [];
      return {
        written,
        out: Object.assign({ write: (s: string) => written.push(s) }, { isTTY }) as unknown as NodeJS.WritableStream,
      };
    };
    const log = (format: 'auto' | 'json' | 'pretty', isTTY: boolean) => {
      const s = sink(isTTY);
      createLogger('info', 'engine', format, s.out).info(
        { to: '+12125550123', token: 's3cret', dispatchNumber: 'DIS1', snapshot: { techPhone: '+13055550100' } },
        'SMS sent',
      );
      return s.written.join('');
    };
    expect(log('pretty', false)).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}\[engine\] SMS sent to=\[redacted\] token=\[redacted\] dispatchNumber=DIS1 snapshot={"techPhone":"\[redacted\]"}\n$/,
    );
    expect(log('auto', true)).toContain('\u001b[32mINFO \u001b[0m');
    expect(JSON.parse(log('auto', false))).toMatchObject({
      msg: 'SMS sent',
      to: '[redacted]',
      token: '[redacted]',
      dispatchNumber: 'DIS1',
    });
    expect(JSON.parse(log('json', true))).toMatchObject({ name: 'engine', msg: 'SMS sent' });
    for (const format of ['auto', 'json', 'pretty'] as const)
      expect(log(format, format === 'auto')).not.toMatch(/2125550123|3055550100|s3cret/);
  });
});
