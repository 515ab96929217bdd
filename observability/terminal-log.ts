import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import { humanLogLine } from './log-lines';

const LEVEL = /"level":(\d+)/;
const WARN = 40;

/**
 * Where `npm start` logs when a person watches it: every line (JSON) to a file, and to the terminal as
 * readable lines until the banner is up; after it only warnings and errors, so the banner (the URLs)
 * stays on screen instead of scrolling away under routine info lines. `quietAfterBanner()` flips it.
 */
export class TerminalLog extends Writable {
  private threshold = 0;
  private readonly file: NodeJS.WritableStream;

  constructor(
    readonly filePath: string,
    private readonly terminal: NodeJS.WritableStream & { isTTY?: boolean },
  ) {
    super();
    mkdirSync(dirname(filePath), { recursive: true });
    this.file = createWriteStream(filePath, { flags: 'a' });
  }

  /** From now on the terminal shows warnings and errors only (the file keeps everything). */
  quietAfterBanner(): void {
    this.threshold = WARN;
  }

  /** Every line on the terminal again: while stopping, a person wants to watch it drain. */
  showAll(): void {
    this.threshold = 0;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const text = chunk.toString();
    this.file.write(text);
    for (const line of text.split('\n')) {
      if (!line) continue;
      const level = Number(LEVEL.exec(line)?.[1] ?? WARN);
      if (level >= this.threshold) this.terminal.write(`${humanLogLine(line, this.terminal.isTTY === true)}\n`);
    }
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.file.end(done);
  }
}
