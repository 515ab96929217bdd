import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { sleep } from './http';
import type { Sandbox } from './sandbox';

/**
 * A real SMTP server that records every message it accepts into the sandbox outbox. Faults on
 * "smtp" delay the DATA reply and/or reject it with the fault's status mapped to an SMTP code.
 */
export function createSandboxSmtpServer(sandbox: Sandbox): SMTPServer {
  const closed = new Set<string>();
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const fault = sandbox.faults.decide('smtp');
          if (fault.delayMs > 0) await sleep(fault.delayMs);
          if (closed.has(session.id)) return; // the sender hung up before we accepted: not delivered
          if (fault.fail) {
            const smtpCode = fault.fail.statusCode >= 500 && fault.fail.statusCode !== 503 ? 550 : 451;
            const err = Object.assign(new Error(`sandbox fault injected for smtp`), { responseCode: smtpCode });
            callback(err);
            return;
          }
          const to = (session.envelope.rcptTo ?? []).map((r) => r.address);
          const cc = (Array.isArray(mail.cc) ? mail.cc : mail.cc ? [mail.cc] : []).flatMap((a) =>
            a.value.flatMap((v) => (v.address ? [v.address] : [])),
          );
          sandbox.record('emails', {
            messageId: mail.messageId ?? '',
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to,
            cc,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            ...(typeof mail.html === 'string' ? { html: mail.html } : {}),
            attachments: mail.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              size: a.size,
              ...(a.contentType.startsWith('text/') ? { content: a.content.toString('utf8') } : {}),
            })),
            receivedAt: new Date().toISOString(),
          });
          // Accepted and recorded: a sender that hangs up while the reply is held never learns so.
          await sandbox.holdReply(fault.replyDelayMs);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
}
