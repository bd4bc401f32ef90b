import { NotFoundError } from '../../domain/shared/errors.ts';

/** `?page=N` as a page number: absent is 1, anything but a positive integer is not a page at all. */
export function pageParam(query: unknown): number {
  const raw = (query as { page?: unknown } | undefined)?.page;
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,6}$/.test(raw)) throw new NotFoundError('The page');
  return Number(raw);
}

/** A positive integer id from a query or form value, or null when absent or malformed. */
export function idParam(raw: unknown): number | null {
  return typeof raw === 'string' && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null;
}

/** A form field as text; a field sent twice or not at all reads as empty. */
export function textField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
