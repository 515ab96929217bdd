import { Context, log } from '@temporalio/activity';
import { LUMIN_CSV_HEADER, luminCsvRow } from '../../domain/reports/lumin';
import type { ReportPeriod } from '../../domain/reports/period';
import type { ReportFileStore } from '../../store/report-files';
import { invalidInput } from '../vendor-errors';
import type { LuminClient } from './client';

export interface LuminExportInput {
  period: ReportPeriod;
  /** Item types to ask for; empty asks for all. */
  types: string[];
  /** The report file the CSV is written to (the email attaches it from there). */
  file: string;
}

/** What an export counted: the summary the email shows. The items themselves are only in the file. */
export interface LuminExport {
  total: number;
  byType: Record<string, number>;
  discarded: number;
  /** The first few discards with their reasons (item IDs, never contents). */
  discards: Array<{ item: string; reason: string }>;
  pages: number;
  bytes: number;
}

/** How far an export got: heartbeated after every page, so a retry on any worker continues from there. */
interface Checkpoint extends LuminExport {
  /** The file part the next page is written to (part 0 is the CSV header). */
  nextPart: number;
  nextToken?: string;
}

const DISCARDS_KEPT = 10;

/** Lumin.AI activity factory (`lumin` queue). */
export function createLuminActivities(deps: { client: LuminClient; files: ReportFileStore }) {
  return {
    /**
     * Every billing item of a period, page by page, appended to the report file as CSV rows while it
     * streams; only the counts come back. After each page the next token and the counts are
     * heartbeated: a retry after a crash (or a failed page) resumes from the last token the server
     * heard of, rewriting the parts from there, so every item is in the file exactly once.
     */
    async exportLuminBilling({ period, types, file }: LuminExportInput): Promise<LuminExport> {
      if (!file) throw invalidInput('exportLuminBilling: field "file" is required');
      const ctx = Context.current();
      const resumed = ctx.info.heartbeatDetails as Checkpoint | undefined;
      const at: Checkpoint = resumed ?? {
        total: 0,
        byType: {},
        discarded: 0,
        discards: [],
        pages: 0,
        bytes: 0,
        nextPart: 0,
      };
      if (resumed) log.info('resuming a Lumin export', { file, pages: at.pages, items: at.total });
      if (at.nextPart === 0) {
        await deps.files.writeReportPart(file, 0, LUMIN_CSV_HEADER);
        at.bytes = Buffer.byteLength(LUMIN_CSV_HEADER);
        at.nextPart = 1;
      }
      for (;;) {
        const page = await deps.client.billingPage({
          type: types.join(','),
          start: period.start,
          end: period.end,
          ...(at.nextToken ? { start_token: at.nextToken } : {}),
        });
        const rows = page.items.valid
          .map((item) => luminCsvRow({ ...item, conversationId: item.conversation_id }))
          .join('');
        await deps.files.writeReportPart(file, at.nextPart, rows);
        for (const item of page.items.valid) at.byType[item.type] = (at.byType[item.type] ?? 0) + 1;
        at.total += page.items.valid.length;
        at.discarded += page.items.invalid.length;
        at.discards.push(...page.items.invalid.slice(0, DISCARDS_KEPT - at.discards.length));
        if (page.items.invalid.length)
          log.warn('malformed Lumin items left out of the report', {
            file,
            count: page.items.invalid.length,
            first: page.items.invalid[0],
          });
        at.pages++;
        at.bytes += Buffer.byteLength(rows);
        at.nextPart++;
        at.nextToken = page.next_token ?? undefined;
        ctx.heartbeat({ ...at, byType: { ...at.byType }, discards: [...at.discards] });
        if (!at.nextToken) break;
        if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
      }
      const { total, byType, discarded, discards, pages, bytes } = at;
      return { total, byType, discarded, discards, pages, bytes };
    },
  };
}
export type LuminActivities = ReturnType<typeof createLuminActivities>;
