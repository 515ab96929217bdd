/** A value read from vendor or user input, or why it could not be read (the caller discards the item with it). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The failed side of `Parsed`. */
export const parseFailure = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });
