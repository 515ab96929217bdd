/**
 * Files a report builds while it streams (a billing period's CSV), kept in the app store until the
 * email carries them: every worker pool reaches the store, and the file never passes through workflow
 * history. Parts are written in order; a part written again (a retried page) replaces itself.
 */
export interface ReportFileStore {
  /** Writes part `seq` of `file` and drops every later part (left by an attempt that got further before dying). */
  writeReportPart(file: string, seq: number, text: string): Promise<void>;
  /** The file's parts joined in order, or undefined when it has none. */
  readReportFile(file: string): Promise<Buffer | undefined>;
  /** The file's size in bytes (UTF-8), or undefined when it has no parts. */
  reportFileSize(file: string): Promise<number | undefined>;
  /** The file's parts in order, a few at a time: a file of tens of megabytes is never whole in memory. */
  readReportParts(file: string): AsyncIterable<Buffer>;
  deleteReportFile(file: string): Promise<void>;
}
