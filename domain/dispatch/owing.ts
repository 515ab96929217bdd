import type { ToldEntry } from './timeline';

/**
 * What a timeline still owes, in the order it came to owe it: one line per SMS Twilio has not taken
 * (`SMS confirmed to the technician`) and per note Bruin has not (`note rescheduled`). Empty: it owes nothing.
 */
export function owedByTimeline(log: ReadonlyArray<Pick<ToldEntry, 'event' | 'recipient' | 'sms' | 'note'>>): string[] {
  return log.flatMap((l) => [
    ...(l.sms === 'owed' ? [`SMS ${l.event} to the ${l.recipient ?? 'site contact'}`] : []),
    ...(l.note === 'owed' ? [`note ${l.event}`] : []),
  ]);
}
