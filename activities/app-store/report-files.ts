import type { ReportFileStore } from '../../store/report-files';

/** Report-file housekeeping, run by the orchestration pool (local I/O). */
export function createReportFileActivities(store: ReportFileStore) {
  return {
    /** Drops a report's file once its email is sent: the store is no archive (the mailbox is). */
    async discardReportFile({ file }: { file: string }): Promise<void> {
      await store.deleteReportFile(file);
    },
  };
}
export type ReportFileActivities = ReturnType<typeof createReportFileActivities>;
