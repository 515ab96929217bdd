import type { IncomingMessage } from 'node:http';

/** The request body exceeded the server's limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
  }
}

/**
 * Reads a request body as UTF-8 text, refusing more than `limit` bytes. Past the limit the rest is
 * read and dropped rather than the request destroyed: destroying it resets the socket, and the
 * client, still sending, would get ECONNRESET instead of the 413.
 */
export function readBodyText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', collect);
      req.resume();
      reject(new BodyTooLargeError(limit));
    };
    req.on('data', collect);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/**
 * Headers for an answer sent before the request body was read to its end (a 413, a 401 ahead of the
 * body): the connection closes after it, so no client reuses a socket whose request is unfinished.
 */
export function closeIfUnread(req: IncomingMessage): Record<string, string> {
  return req.complete ? {} : { connection: 'close' };
}
