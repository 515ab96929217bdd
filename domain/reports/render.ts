// The two forms a report takes in an email: CSV rows for spreadsheets, and HTML for people.

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled.
 * Text a spreadsheet would run as a formula (`=HYPERLINK(...)` as an edge name) gets a leading `'`;
 * numbers stay numbers.
 */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF line end, so rows can be appended as they stream. */
export const csvRow = (values: ReadonlyArray<string | number | null | undefined>): string =>
  `${values.map(csvField).join(',')}\r\n`;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML content or attribute value: a customer called `<script>` stays text. */
export const escapeHtml = (text: string | number): string => String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** An HTML table: a header row and escaped cells; a cell may be pre-rendered HTML (`{ html }`). */
export function htmlTable(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | { html: string }>>,
) {
  const cell = (tag: 'td' | 'th', v: string | number | { html: string }) =>
    `<${tag} style="border:1px solid #ccc;padding:4px 8px;text-align:left">${typeof v === 'object' ? v.html : escapeHtml(v)}</${tag}>`;
  return [
    '<table style="border-collapse:collapse;font-family:sans-serif;font-size:13px">',
    `<thead><tr>${header.map((h) => cell('th', h)).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((v) => cell('td', v)).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('');
}

/** A whole HTML email: a title, paragraphs and blocks already rendered. */
export const htmlDocument = (title: string, blocks: string[]): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body style="font-family:sans-serif"><h2>${escapeHtml(title)}</h2>${blocks.join('')}</body></html>`;

export const htmlParagraph = (text: string): string => `<p>${escapeHtml(text)}</p>`;

/** A link whose address and text are both escaped. */
export const htmlLink = (href: string, text: string): { html: string } => ({
  html: `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`,
});
