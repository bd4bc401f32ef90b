import type { MailMessage, Mailer } from '../domain/people/mailer.ts';

/**
 * In development, without a mail server, messages are printed on the server's terminal, every line
 * marked as mail not sent. They are written straight to standard output, never through the
 * request logger, and the app never uses this mailer in production (reset links must not reach logs).
 */
export const consoleMailer: Mailer = {
  send({ to, subject, text }: MailMessage): Promise<void> {
    const mark = '[mail, not sent: development without a mail server]';
    process.stdout.write(`\n${mark} To: ${to}\n${mark} Subject: ${subject}\n${text.replace(/^/gm, `${mark} `)}\n\n`);
    return Promise.resolve();
  },
};
