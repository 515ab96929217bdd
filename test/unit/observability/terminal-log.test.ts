import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { TerminalLog } from '../../../observability/terminal-log';
import { tempDir } from '../../helpers/env';

describe('npm start on a terminal: readable lines, then only warnings once the banner is up; a file keeps everything', () => {
  it('shows info before the banner, hides it after (until stopping), and writes every JSON line to the file', async () => {
    const shown: string[] = [];
    const terminal = new Writable({
      write(chunk: Buffer, _e, done) {
        shown.push(chunk.toString());
        done();
      },
    });
    const file = join(tempDir('terminal-log'), '.data', 'engine.log');
    const log = new TerminalLog(file, terminal);
    const line = (level: number, msg: string) => `${JSON.stringify({ level, time: 0, name: 'engine', msg })}\n`;
    const write = (text: string) => new Promise<void>((r) => log.write(text, () => r()));
    await write(line(30, 'schedule applied'));
    log.quietAfterBanner();
    await write(line(30, 'worker state changed'));
    await write(line(40, 'vendor slow'));
    log.showAll();
    await write(line(30, 'workers drained'));
    await new Promise<void>((r) => log.end(() => r()));
    expect(shown.map((s) => s.replace(/^\S+ /, '').trim())).toEqual([
      'INFO  [engine] schedule applied',
      'WARN  [engine] vendor slow',
      'INFO  [engine] workers drained',
    ]);
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { msg: string }).msg),
    ).toEqual(['schedule applied', 'worker state changed', 'vendor slow', 'workers drained']);
  });
});
