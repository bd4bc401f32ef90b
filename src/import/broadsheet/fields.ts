import { ImportFileError } from '../../domain/importing/records.ts';
import { describePath, type JsonPath } from '../json-rows.ts';

/**
 * Reads the fields of one object of a Broadsheet export, each checked against the documented
 * type; the first that does not fit throws an ImportFileError naming it ("articles[3].publishedAt").
 */
export class Fields {
  private readonly row: Readonly<Record<string, unknown>>;

  constructor(
    value: unknown,
    private readonly path: JsonPath,
  ) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ImportFileError('expected a JSON object', { path: describePath(path) });
    }
    this.row = value as Record<string, unknown>;
  }

  /** A field that must hold an object, read in turn. */
  object(key: string): Fields {
    return new Fields(this.row[key], [...this.path, key]);
  }

  /** The elements of an array field, each with its own path. */
  list(key: string): Array<{ value: unknown; path: JsonPath }> {
    const value = this.row[key] ?? [];
    if (!Array.isArray(value)) this.fail(key, 'expected a list');
    return (value as unknown[]).map((item, index) => ({ value: item, path: [...this.path, key, index] }));
  }

  id(key: string): number {
    const value = this.row[key];
    if (!isId(value)) this.fail(key, `expected an id (a positive whole number), got ${show(value)}`);
    return value;
  }

  optionalId(key: string): number | null {
    return this.row[key] === null || this.row[key] === undefined ? null : this.id(key);
  }

  ids(key: string): number[] {
    return this.list(key).map(({ value, path }) => {
      if (!isId(value))
        throw new ImportFileError(`expected an id (a positive whole number), got ${show(value)}`, { path: describePath(path) });
      return value;
    });
  }

  text(key: string): string {
    const value = this.row[key];
    if (typeof value !== 'string') this.fail(key, `expected text, got ${show(value)}`);
    return value;
  }

  optionalText(key: string): string | null {
    return this.row[key] === null || this.row[key] === undefined ? null : this.text(key);
  }

  texts(key: string): string[] {
    return this.list(key).map(({ value, path }) => {
      if (typeof value !== 'string') throw new ImportFileError(`expected text, got ${show(value)}`, { path: describePath(path) });
      return value;
    });
  }

  flag(key: string): boolean {
    const value = this.row[key];
    if (typeof value !== 'boolean') this.fail(key, `expected true or false, got ${show(value)}`);
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.text(key);
    const known = allowed.find((candidate) => candidate === value);
    if (known === undefined) this.fail(key, `expected one of ${allowed.join(', ')}, got ${show(value)}`);
    return known;
  }

  date(key: string): Date {
    const date = this.optionalDate(key);
    if (!date) this.fail(key, 'expected a date, got nothing');
    return date;
  }

  optionalDate(key: string): Date | null {
    const value = this.optionalText(key);
    if (value === null) return null;
    const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) this.fail(key, `expected an ISO 8601 date, got ${show(value)}`);
    return date;
  }

  /** The raw value, for fields read as a whole (settings). */
  raw(key: string): unknown {
    return this.row[key];
  }

  private fail(key: string, problem: string): never {
    throw new ImportFileError(problem, { path: describePath(this.path, key) });
  }
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
