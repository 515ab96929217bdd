/** An answer the caller caused: becomes a 4xx with this message as `{"error": ...}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
