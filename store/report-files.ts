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
  deleteReportFile(file: string): Promise<void>;
}
