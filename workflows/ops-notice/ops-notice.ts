import {
  ActivityFailure,
  ApplicationFailure,
  deprecatePatch,
  setCurrentDetails,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { NotificationResult } from '../../activities/notifier/activities';
import {
  planNoticeDeliveries,
  type NoticeDelivery,
  type OpsNoticeInput,
  type OpsNoticeResult,
} from '../../domain/ops-notice';
import { SearchAttr } from '../../domain/search-attributes';
import { owedNotifier, patientNotifier } from '../activities';
import { clearSelfOwed, markSelfOwed } from '../owed/self-owed';
import { activityFailureReason, isRefusal } from '../activity-failure';
import { autoUpgrade } from '../versioning';

type Notifier = typeof patientNotifier;

function deliver(
  via: Notifier,
  d: NoticeDelivery,
  input: OpsNoticeInput,
  index: number,
  total: number,
): Promise<NotificationResult> {
  const summary = `${d.channel.toUpperCase()} ${index + 1}/${total} for notice ${input.noticeId}`;
  switch (d.channel) {
    case 'email':
      return via
        .summarized(summary)
        .sendEmail({ step: d.step, businessId: d.businessId, to: d.to, subject: input.subject, text: input.text });
    case 'slack':
      return via.summarized(summary).postSlackMessage({
        step: d.step,
        businessId: d.businessId,
        channel: d.slackChannel,
        text: `*${input.subject}*\n${input.text}`,
      });
    case 'sms':
      return via
        .summarized(summary)
        .sendSms({ step: d.step, businessId: d.businessId, to: d.to, body: `${input.subject}: ${input.text}` });
  }
}

/**
 * Sends one ops notice by email, Slack and SMS; every delivery at most once, even across resets. Each delivery goes
 * on its own: a channel that is down does not hold the others, and one its vendor does not take within the retries
 * (about 17 minutes) is owed, tried every 2 minutes until it goes. A delivery the vendor refuses (a number Twilio
 * will not text) fails the run once every other delivery is settled, naming each refused one: the notice ID may then
 * be sent again, and only what did not go out is sent.
 */
export async function opsNotice(input: OpsNoticeInput): Promise<OpsNoticeResult> {
  const deliveries = planNoticeDeliveries(input);
  // Runs that recorded the `patched()` marker replay; no run from before it is left (the patch register).
  deprecatePatch('ops-notice-deliveries-apart');
  const outcomes: Array<NotificationResult['outcome'] | 'owed' | ActivityFailure | undefined> = deliveries.map(
    () => undefined,
  );
  let marked = false;
  const progress = async () => {
    const owed = outcomes.filter((o) => o === 'owed').length;
    const settled = outcomes.filter((o) => o !== undefined && o !== 'owed').length;
    setCurrentDetails(
      `Delivered or settled ${settled} of ${deliveries.length}` +
        (owed ? `; ${owed} owed (the vendor is not taking it: tried again every 2 minutes)` : ''),
    );
    // The owed gauges count the notice while a delivery waits for its vendor (SideEffectsOwedTooLong).
    if (owed > 0 && !marked) {
      marked = true;
      upsertSearchAttributes([{ key: SearchAttr.Outcome, value: 'owed' }]);
      await markSelfOwed();
    }
  };
  await Promise.all(
    deliveries.map(async (d, i) => {
      try {
        outcomes[i] = (await deliver(patientNotifier, d, input, i, deliveries.length)).outcome;
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        if (isRefusal(err)) outcomes[i] = err;
        else {
          outcomes[i] = 'owed';
          await progress();
          try {
            outcomes[i] = (await deliver(owedNotifier, d, input, i, deliveries.length)).outcome;
          } catch (owedErr) {
            if (!(owedErr instanceof ActivityFailure)) throw owedErr;
            outcomes[i] = owedErr; // owed deliveries end only when refused
          }
        }
      }
      await progress();
    }),
  );
  if (marked) await clearSelfOwed();
  const refused = deliveries.flatMap((d, i) => {
    const o = outcomes[i];
    return o instanceof ActivityFailure ? [{ d, failure: o }] : [];
  });
  if (refused.length > 0)
    throw ApplicationFailure.create({
      type: 'OpsNoticeRefused',
      nonRetryable: true,
      message:
        `${refused.length} of ${deliveries.length} deliveries refused` +
        `${refused.length < deliveries.length ? ', the rest went out' : ''} (send the notice ID again once fixed: ` +
        `only these go): ${refused.map(({ d, failure }) => `${d.channel} ${d.businessId}: ${activityFailureReason(failure)}`).join('; ')}`,
      cause: refused[0].failure,
    });
  const sent = outcomes.filter((o) => o === 'sent').length;
  const alreadySent = outcomes.filter((o) => o === 'already-sent').length;
  setCurrentDetails(`Done: ${sent} sent, ${alreadySent} already sent earlier`);
  upsertSearchAttributes([{ key: SearchAttr.Outcome, value: 'delivered' }]);
  return { noticeId: input.noticeId, sent, alreadySent };
}
autoUpgrade(opsNotice);
