/**
 * One pino JSON line as a person reads it in a terminal: time, level, where from, the message, then
 * the remaining fields as key=value. Redaction has already happened (pino redacts before writing).
 */
const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '36' },
  30: { name: 'INFO ', color: '32' },
  40: { name: 'WARN ', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '35' },
};
// Fields every line carries, or that the line already shows in its own place.
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'sdk', 'sdkComponent']);

const value = (v: unknown): string => {
  if (typeof v === 'string') return /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  if (v !== null && typeof v === 'object' && 'message' in v && 'stack' in v)
    return JSON.stringify((v as Error).message);
  return JSON.stringify(v);
};

export function humanLogLine(json: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd(); // not one of pino's lines: pass it through untouched
  }
  const level = LEVELS[Number(entry.level)] ?? { name: String(entry.level), color: '0' };
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const from = [entry.name, entry.sdkComponent, entry.taskQueue && `queue=${String(entry.taskQueue)}`]
    .filter(Boolean)
    .join(' ');
  const fields = Object.entries(entry)
    .filter(([k, v]) => !SHOWN.has(k) && k !== 'taskQueue' && v !== undefined)
    .map(([k, v]) => `${k}=${value(v)}`);
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return [
    paint('90', time),
    paint(level.color, level.name),
    paint('90', `[${from}]`),
    String(entry.msg ?? ''),
    ...fields,
  ]
    .filter((part) => part !== '')
    .join(' ');
}

/** A pino destination writing human-readable lines (colored when `color`) to `out`. */
export function humanLogStream(out: NodeJS.WritableStream, color: boolean): { write(line: string): void } {
  return { write: (line) => void out.write(`${humanLogLine(line, color)}\n`) };
}
