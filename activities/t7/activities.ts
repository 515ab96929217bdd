import type { VendorHttp } from '../vendor-http';
import { invalidInput } from '../vendor-errors';
import type { TaskHistoryEntry } from '../bruin/activities';
import { feedbackResponse, metricsResponse, predictionsResponse } from './schemas';

/** T7 activity factory (`t7` queue): predictions, retraining feedback, live-automation metrics. */
export function createT7Activities(http: VendorHttp) {
  return {
    /** Candidate next actions for a ticket, from its task history, with T7's confidence. */
    async predictNextActions({ ticketId, taskHistory }: { ticketId: string; taskHistory: TaskHistoryEntry[] }) {
      if (!/^\d+$/.test(ticketId))
        throw invalidInput(`predictNextActions: field "ticketId" is not a ticket number: "${ticketId}"`);
      const { predictions } = await http.call({
        method: 'POST',
        path: '/api/v1/predictions',
        endpoint: 'POST predictions',
        schema: predictionsResponse,
        body: { ticketId, taskHistory },
      });
      return predictions;
    },

    /** Closed tickets' task histories, for retraining; returns how many T7 accepted. */
    async sendFeedback({
      tickets,
    }: {
      tickets: Array<{ ticketId: string; taskHistory: TaskHistoryEntry[] }>;
    }): Promise<number> {
      if (tickets.length === 0) return 0;
      const { accepted } = await http.call({
        method: 'POST',
        path: '/api/v1/feedback',
        endpoint: 'POST feedback',
        schema: feedbackResponse,
        body: { tickets },
      });
      return accepted;
    },

    /** Whether automation acted on a ticket (T7's live-automation metric). */
    async postAutomationMetric({ ticketId, automated }: { ticketId: string; automated: boolean }): Promise<void> {
      await http.call({
        method: 'POST',
        path: '/api/v1/metrics',
        endpoint: 'POST metrics',
        schema: metricsResponse,
        body: { ticketId, automated },
      });
    },
  };
}
export type T7Activities = ReturnType<typeof createT7Activities>;
