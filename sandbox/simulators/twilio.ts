import type { Sandbox } from '../sandbox';
import type { Reply } from '../http';

const twilioError = (status: number, code: number, message: string): Reply => ({
  status,
  json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

/** Twilio's Basic auth: the account SID as the user, or 401 with Twilio's error code. */
function authError(accountSid: string, headers: Record<string, string | string[] | undefined>): Reply | undefined {
  const auth = String(headers.authorization ?? '');
  const [user] = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
    .toString()
    .split(':');
  return auth.startsWith('Basic ') && user === accountSid ? undefined : twilioError(401, 20003, 'Authenticate');
}

/** Twilio `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, with its validation errors. */
export function twilioCreateMessage(
  sandbox: Sandbox,
  accountSid: string,
  headers: Record<string, string | string[] | undefined>,
  body: Record<string, unknown>,
): Reply {
  const unauthorized = authError(accountSid, headers);
  if (unauthorized) return unauthorized;
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

/** Twilio's date format in message resources (RFC 2822). */
const twilioDate = (iso: string) => new Date(iso).toUTCString().replace('GMT', '+0000');

/**
 * Twilio `GET /2010-04-01/Accounts/{AccountSid}/Messages.json?To=&From=&DateSent>=`: the messages
 * sent, newest first, one page (what the notifier reconciles a send begun before a crash with).
 */
export function twilioListMessages(
  sandbox: Sandbox,
  accountSid: string,
  headers: Record<string, string | string[] | undefined>,
  query: URLSearchParams,
): Reply {
  const unauthorized = authError(accountSid, headers);
  if (unauthorized) return unauthorized;
  const after = query.get('DateSent>') ?? query.get('DateSent>=');
  if (after !== null && Number.isNaN(Date.parse(after))) return twilioError(400, 20001, `Invalid DateSent: ${after}`);
  const messages = sandbox.state.outbox.sms
    .filter(
      (m) =>
        (!query.get('To') || m.to === query.get('To')) &&
        (!query.get('From') || m.from === query.get('From')) &&
        (after === null || Date.parse(m.receivedAt) >= Date.parse(after)),
    )
    .reverse()
    .map((m) => ({
      sid: m.sid,
      account_sid: accountSid,
      to: m.to,
      from: m.from,
      body: m.body,
      status: 'delivered',
      direction: 'outbound-api',
      date_sent: twilioDate(m.receivedAt),
      date_created: twilioDate(m.receivedAt),
      date_updated: twilioDate(m.receivedAt),
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}.json`,
    }));
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  return {
    status: 200,
    json: {
      messages,
      page: 0,
      page_size: 50,
      start: 0,
      end: Math.max(0, messages.length - 1),
      uri,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
    },
  };
}
