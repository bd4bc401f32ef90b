import type { MailMessage, Mailer } from '../domain/people/mailer.ts';

/** Without a mail server configured, messages are printed to the server's log, every line marked `[mail]`. */
export const consoleMailer: Mailer = {
  send({ to, subject, text }: MailMessage): Promise<void> {
    console.log(`\n[mail] To: ${to}\n[mail] Subject: ${subject}\n${text.replace(/^/gm, '[mail] ')}\n`);
    return Promise.resolve();
  },
};
