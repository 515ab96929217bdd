import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import { log } from '@temporalio/activity';
import type { ReportFileStore } from '../../store/report-files';
import { invalidInput } from '../vendor-errors';
import type { EmailAttachment } from './channels';

// An email's attachments as the mail server gets them: inline ones as given, stored report files read
// from the app store, gzipped in volumes when larger than a mail server takes.

/**
 * An attachment the workflow never carries: a report file in the app store (a billing period's CSV
 * can be tens of megabytes). Above the size limit it is sent gzipped, as `<filename>.gz` (several
 * volumes, each starting with the file's first part, the CSV header, when one would pass the limit).
 */
export interface StoredAttachment {
  filename: string;
  contentType: string;
  storedFile: string;
}

/** The largest attachment an email carries: a mail server refuses much more, and it passes through activity payloads. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Compressed bytes per gzipped volume: under the attachment limit with room for the last part's flush. */
const VOLUME_TARGET = 8 * 1024 * 1024;

/**
 * A stored file gzipped part by part into volumes of about `target` compressed bytes, each a file
 * of its own that starts with the file's first part (a CSV's header): only the compressed volumes are
 * held, never the raw file. One volume unless the file is very large.
 */
async function gzipVolumes(parts: AsyncIterable<Buffer>, target: number): Promise<Buffer[]> {
  const volumes: Buffer[] = [];
  let header: Buffer | undefined;
  let current: { gzip: Gzip; chunks: Buffer[]; size: number } | undefined;
  const write = async (gzip: Gzip, data: Buffer) => {
    if (!gzip.write(data)) await once(gzip, 'drain');
  };
  const close = async () => {
    const { gzip, chunks } = current!;
    current = undefined;
    const ended = once(gzip, 'end');
    gzip.end();
    await ended;
    volumes.push(Buffer.concat(chunks));
  };
  for await (const part of parts) {
    if (!current) {
      const volume = { gzip: createGzip(), chunks: [] as Buffer[], size: 0 };
      volume.gzip.on('data', (chunk: Buffer) => {
        volume.chunks.push(chunk);
        volume.size += chunk.length;
      });
      current = volume;
      if (header) await write(volume.gzip, header);
    }
    header ??= part;
    await write(current.gzip, part);
    // Flushed after every part, so the volume's compressed size is known before the next part goes in.
    await new Promise<void>((resolve) => current!.gzip.flush(() => resolve()));
    if (current.size >= target) await close();
  }
  if (current) await close();
  return volumes;
}

/** Reads a send's attachments from the report file store, only when the email is really sent. */
export function attachmentLoader(files: ReportFileStore | undefined) {
  /**
   * A stored attachment's content, read only when the email is really sent (never for one sent
   * already). Above the size limit it is gzipped part by part, only the compressed volumes held: one
   * `<filename>.gz`, or for a very large file `<name>.1-of-N.<ext>.gz` volumes, each under the limit.
   */
  return async function loadAttachment(
    a: (EmailAttachment & { content: string }) | StoredAttachment,
  ): Promise<EmailAttachment[]> {
    if ('content' in a) return [a];
    const size = files ? await files.reportFileSize(a.storedFile) : undefined;
    if (size === undefined)
      throw invalidInput(`sendEmail: stored attachment "${a.storedFile}" does not exist (the report file is gone)`);
    if (size <= MAX_ATTACHMENT_BYTES)
      return [
        {
          filename: a.filename,
          contentType: a.contentType,
          content: (await files!.readReportFile(a.storedFile))!,
        },
      ];
    const volumes = await gzipVolumes(files!.readReportParts(a.storedFile), VOLUME_TARGET);
    log.info('attachment above the size limit sent gzipped', {
      filename: a.filename,
      bytes: size,
      volumes: volumes.length,
    });
    const dot = a.filename.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [a.filename.slice(0, dot), a.filename.slice(dot)] : [a.filename, ''];
    return volumes.map((content, i) => ({
      filename: volumes.length === 1 ? `${a.filename}.gz` : `${stem}.${i + 1}-of-${volumes.length}${ext}.gz`,
      contentType: 'application/gzip',
      content,
    }));
  };
}
