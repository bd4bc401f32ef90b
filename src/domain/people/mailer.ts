/** One plain-text message to one person. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * Where use cases send mail. The domain decides who gets what, in which words; the adapter
 * decides how it leaves the building (the server's log today, an SMTP relay later).
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
