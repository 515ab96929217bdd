import pino from 'pino';
import { PinoSdkLogger } from '../../observability/logger';

describe('SDK logs in pino', () => {
  it('keeps real warnings, and logs the single-role pools\' "No workflows registered" at debug', () => {
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
    logger.warn('Workflow task failed');
    expect(lines.map((l) => [l.level, l.msg, l.sdk])).toEqual([
      [20, 'No workflows registered, not polling for workflow tasks', true],
      [20, 'No activities registered, not polling for activity tasks', true],
      [40, 'Workflow task failed', true],
    ]);
  });
});
