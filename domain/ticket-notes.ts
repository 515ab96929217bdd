/**
 * Rules every Bruin ticket note the engine writes follows, whichever process writes it (outage,
 * triage, TNBA, dispatch): the automation marker, Bruin's length limit, and how long text is cut or
 * split to fit. Pure, so workflow code can run them.
 */

/** Marker every automation note starts with, so a re-run can tell what it already wrote. */
export const AUTOMATION_MARKER = "#*MetTel's IPA*#";

/** Bruin refuses a note of 1,500 characters or more (seed 002): the longest it accepts. */
export const NOTE_LIMIT = 1_499;

const TRUNCATED = '\n[truncated]';

/** Whether a note was written by this engine (starts with the marker). */
export const isAutomationNote = (text: string | null | undefined): boolean =>
  (text ?? '').startsWith(AUTOMATION_MARKER);

/** The note's title: the line after the marker, or undefined for a note that is not ours. */
export function automationNoteTitle(text: string | null | undefined): string | undefined {
  const [marker, title] = (text ?? '').split('\n', 2);
  return marker.trim() === AUTOMATION_MARKER ? title?.trim() : undefined;
}

/** An automation note from its lines, cut (and marked) when it would pass Bruin's limit. */
export function automationNote(lines: readonly string[]): string {
  const note = [AUTOMATION_MARKER, ...lines].join('\n');
  return note.length <= NOTE_LIMIT ? note : `${note.slice(0, NOTE_LIMIT - TRUNCATED.length)}${TRUNCATED}`;
}

/**
 * Blocks of text spread over as few notes as fit, in order, each under Bruin's limit and each
 * starting with `header(part)` (the widest header is reserved up front, so a part number never
 * pushes a note over). Notes split between blocks, never inside one; a block too long for a note of
 * its own is cut and ends with `cutMark`.
 */
export function splitIntoNotes(
  blocks: readonly string[],
  header: (part?: { index: number; of: number }) => string,
  cutMark = ' …[truncated]',
): string[] {
  const widest = header({ index: Math.max(blocks.length, 1), of: Math.max(blocks.length, 1) });
  const budget = NOTE_LIMIT - widest.length - 2;
  const bodies: string[] = [];
  let current = '';
  for (const raw of blocks) {
    const block = raw.length > budget ? raw.slice(0, budget - cutMark.length) + cutMark : raw;
    if (current && current.length + 1 + block.length > budget) {
      bodies.push(current);
      current = block;
    } else {
      current = current ? `${current}\n${block}` : block;
    }
  }
  bodies.push(current);
  return bodies.map((body, i) => `${header({ index: i + 1, of: bodies.length })}\n\n${body}`);
}

/**
 * The note written before an outage ticket is auto-resolved because its device is healthy again. It
 * names the monitor cycle, so a retried append recognises its own note while another cycle's (an
 * edge that went down and up twice) is a different note that is still written.
 */
export const autoResolveNote = (serviceNumber: string, cycle: string): string =>
  automationNote([`Auto-resolving ticket: device ${serviceNumber} is healthy again.`, `Monitor cycle: ${cycle}`]);
