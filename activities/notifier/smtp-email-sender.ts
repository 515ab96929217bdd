import nodemailer, { type Transporter } from 'nodemailer';
import type { NotifierConfig } from '../../config/notifier';
import { failureForNetwork, VendorErrorType } from '../vendor-errors';
import { ApplicationFailure } from '@temporalio/common';
import type { EmailMessage, EmailSender } from './channels';

interface SmtpError extends Error {
  responseCode?: number;
  code?: string;
  response?: string;
}

/** Email over SMTP with nodemailer. SMTP 4xx and connection failures retry; 5xx is permanent. */
export class SmtpEmailSender implements EmailSender {
  private readonly transport: Transporter;

  constructor(private readonly config: NotifierConfig['email']) {
    this.transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: config.auth,
      ignoreTLS: !config.live && !config.secure,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(message: EmailMessage): Promise<{ providerId: string }> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.from,
        to: message.to,
        cc: message.cc,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments?.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
        })),
        messageId: message.messageId,
      });
      return { providerId: String(info.messageId ?? message.messageId) };
    } catch (err) {
      const e = err as SmtpError;
      if (typeof e.responseCode === 'number') {
        const message = `SMTP ${e.responseCode}: ${(e.response ?? e.message).slice(0, 200)}`;
        return Promise.reject(
          ApplicationFailure.create({
            type: e.responseCode >= 500 ? VendorErrorType.Rejected : VendorErrorType.Unavailable,
            message,
            nonRetryable: e.responseCode >= 500,
          }),
        );
      }
      throw failureForNetwork('smtp', 'sendMail', err);
    }
  }

  close(): void {
    this.transport.close();
  }
}
