import type { Sandbox } from '../sandbox';
import type { Reply } from '../http';

const twilioError = (status: number, code: number, message: string): Reply => ({
  status,
  json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

/** Twilio `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, with its validation errors. */
export function twilioCreateMessage(
  sandbox: Sandbox,
  accountSid: string,
  headers: Record<string, string | string[] | undefined>,
  body: Record<string, unknown>,
): Reply {
  const auth = String(headers.authorization ?? '');
  const [user] = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
    .toString()
    .split(':');
  if (!auth.startsWith('Basic ') || user !== accountSid) return twilioError(401, 20003, 'Authenticate');
  const to = String(body.To ?? '');
  const from = String(body.From ?? '');
  const text = String(body.Body ?? '');
  if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!/^\+[1-9]\d{6,14}$/.test(to))
    return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!text) return twilioError(400, 21602, 'Message body is required.');
  const sid = `SM${sandbox.nextId().toString(16).padStart(32, '0')}`;
  const now = new Date();
  sandbox.record('sms', { sid, from, to, body: text, receivedAt: now.toISOString() });
  return {
    status: 201,
    json: {
      sid,
      account_sid: accountSid,
      to,
      from,
      body: text,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      date_created: now.toUTCString(),
      date_updated: now.toUTCString(),
      api_version: '2010-04-01',
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    },
  };
}
