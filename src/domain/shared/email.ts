/**
 * The shape of an email address, shared with the browser, which checks the same pattern before a
 * form is sent: something without spaces or `@`, an `@`, then dot-separated labels (at least two).
 * Each part excludes the character that ends it, so the pattern cannot backtrack: it takes time in
 * proportion to the text, however the text is built (`a@` and 60,000 dots used to take seconds).
 */
export const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@.]+(?:\\.[^\\s@.]+)+$';
const EMAIL = new RegExp(EMAIL_PATTERN, 'u');

/** The longest address mail servers accept (RFC 5321 path limit less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

/** Whether `text` (already trimmed) looks like an email address. The length is checked before the pattern runs. */
export function isEmailAddress(text: string, maxLength: number = EMAIL_MAX_LENGTH): boolean {
  return text.length <= maxLength && EMAIL.test(text);
}
