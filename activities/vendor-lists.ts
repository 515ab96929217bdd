import { z } from 'zod';

/** An item of a vendor's list that broke the contract: which one, and why (field paths, never values). */
export interface ItemDiscard {
  item: string;
  reason: string;
}

/** A vendor list read item by item: what passed the contract, and each item that did not. */
export interface CheckedList<T> {
  valid: T[];
  invalid: ItemDiscard[];
}

/** The first issues of a failed parse as `field "a.b" <message>`: the path, never the offending value. */
export const describeIssues = (error: z.ZodError): string =>
  error.issues
    .slice(0, 3)
    .map((i) => `field "${i.path.join('.') || '(root)'}" ${i.message}`)
    .join('; ');

/**
 * A list whose items are checked one by one, so one malformed item (an edge with no serial, a
 * ticket with an unknown status) is discarded with its reason while the rest goes on, instead of
 * failing the whole response. `identify` names an item for the discard (a business ID, no PII).
 */
export function eachValid<S extends z.ZodType>(item: S, identify: (raw: Record<string, unknown>) => unknown) {
  return z.array(z.unknown()).transform((raw): CheckedList<z.infer<S>> => {
    const checked: CheckedList<z.infer<S>> = { valid: [], invalid: [] };
    raw.forEach((r, index) => {
      const parsed = item.safeParse(r);
      if (parsed.success) {
        checked.valid.push(parsed.data);
        return;
      }
      const id = r !== null && typeof r === 'object' ? identify(r as Record<string, unknown>) : undefined;
      const name = typeof id === 'string' || typeof id === 'number' ? String(id) : `#${index}`;
      checked.invalid.push({ item: name, reason: describeIssues(parsed.error) });
    });
    return checked;
  });
}
