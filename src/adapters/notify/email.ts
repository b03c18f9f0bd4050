/** E-mail through nodemailer to the SMTP server of `SMTP_URL`. */
import nodemailer from 'nodemailer';
import { ApiError } from '../../errors.js';

export interface EmailMessage {
  to: readonly string[];
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; contentType: string; content: string }>;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

export function createEmailSender(smtpUrl: string, from: string): EmailSender {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message: EmailMessage): Promise<void> {
      if (message.to.length === 0) return;
      try {
        await transport.sendMail({ from, to: [...message.to], subject: message.subject, text: message.text, attachments: message.attachments });
      } catch (error) {
        const responseCode = (error as { responseCode?: number }).responseCode ?? 0;
        throw new ApiError({
          system: 'email',
          code: 'SMTP_FAILED',
          message: `sending e-mail "${message.subject}" failed: ${(error as Error).message}`,
          status: responseCode,
          // 4xx SMTP replies are temporary by definition; no reply at all is a network fault.
          transient: responseCode === 0 || (responseCode >= 400 && responseCode < 500),
          cause: error,
        });
      }
    },
    close: () => transport.close(),
  };
}
