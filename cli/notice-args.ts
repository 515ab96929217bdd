import type { OpsNoticeInput } from '../domain/ops-notice';
import { UsageError } from './usage-error';

export const NOTICE_USAGE = `usage: npm run notice -- --id <noticeId> --subject "<subject>" --text "<text>"
         [--email <address>]... [--sms <+E.164>]... [--slack [#channel]]`;

/** Parses `npm run notice` arguments into an ops notice. */
export function parseNoticeArgs(args: string[]): OpsNoticeInput {
  const input: OpsNoticeInput = { noticeId: '', subject: '', text: '', emailTo: [], smsTo: [] };
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    const next = args[i + 1];
    const value = () => {
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${name} needs a value`);
      i++;
      return next;
    };
    switch (name) {
      case '--id':
        input.noticeId = value();
        break;
      case '--subject':
        input.subject = value();
        break;
      case '--text':
        input.text = value();
        break;
      case '--email':
        input.emailTo!.push(value());
        break;
      case '--sms':
        input.smsTo!.push(value());
        break;
      case '--slack':
        if (next !== undefined && !next.startsWith('--')) {
          input.slackChannel = next;
          i++;
        } else input.slack = true;
        break;
      default:
        throw new UsageError(`unknown option ${name}`);
    }
  }
  const missing = (['noticeId', 'subject', 'text'] as const).filter((k) => !input[k]);
  if (missing.length)
    throw new UsageError(`missing: ${missing.map((k) => (k === 'noticeId' ? '--id' : `--${k}`)).join(', ')}`);
  if (!input.emailTo!.length && !input.smsTo!.length && !input.slack && !input.slackChannel)
    throw new UsageError('no recipients: give --email, --sms or --slack');
  return input;
}
