/** Every string field of a posted form; the CSRF token is left out. */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string' && name !== '_csrf') values[name] = value;
  }
  return values;
}

/** A checkbox's value: ticked sends `on`, unticked sends nothing. */
export function isTicked(value: string | undefined): boolean {
  return value === 'on';
}

/** A local path to return to after signing in; anything else (another site, say) becomes the admin home. */
export function safeNext(next: string | undefined): string {
  return next && /^\/admin(?:[/?#]|$)/.test(next) && !next.startsWith('//') ? next : '/admin';
}
