import { z } from 'zod';

/** T7's answers: predictions with their confidence, feedback and metric receipts. */
export const predictionsResponse = z.object({
  ticketId: z.string(),
  predictions: z.array(z.object({ name: z.string().min(1), probability: z.number().min(0).max(1) })),
});
export const feedbackResponse = z.object({ accepted: z.number().int().min(0) });
export const metricsResponse = z.object({ accepted: z.literal(true) });
