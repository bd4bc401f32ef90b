import { ImportFileError } from '../../domain/importing/records.ts';
import { describePath, type JsonPath } from '../json-rows.ts';

/** A row of one of the export's tables, as Ghost wrote it. */
export type GhostRow = Readonly<Record<string, unknown>>;

/** The row as an object, or a file error at its place. */
export function asRow(value: unknown, path: JsonPath, what: string): GhostRow {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ImportFileError(`${what} is not a JSON object`, { path: describePath(path) });
  }
  return value as GhostRow;
}

/** Ghost ids are 24-digit hex strings; exports of Ghost 0.x and hand-made files use numbers. */
export function idOf(row: GhostRow, field: string): string | null {
  const value = row[field];
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function requiredId(row: GhostRow, path: JsonPath, what: string): string {
  const id = idOf(row, 'id');
  if (id === null) throw new ImportFileError(`${what} has no id`, { path: describePath(path, 'id') });
  return id;
}

/** A text field; null, absent or not text gives ''. */
export function textOf(row: GhostRow, field: string): string {
  const value = row[field];
  return typeof value === 'string' ? value : '';
}

/** Ghost's flags are booleans, or 0/1 from older versions and SQLite. */
export function flagOf(row: GhostRow, field: string): boolean {
  const value = row[field];
  return value === true || value === 1 || value === '1' || value === 'true';
}

// SQLite-backed Ghost exports its dates as the database keeps them, UTC without a zone.
const SQL_DATE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A date as Ghost exports it: ISO 8601 (MySQL-backed sites), "YYYY-MM-DD HH:MM:SS" in UTC
 * (SQLite-backed sites) or milliseconds since 1970 (Ghost 0.x). Null when absent; a file error
 * naming the field when it is there but no date.
 */
export function dateOf(row: GhostRow, field: string, path: JsonPath): Date | null {
  const value = row[field];
  if (value === null || value === undefined || value === '') return null;
  let date: Date | null = null;
  if (typeof value === 'number' && Number.isFinite(value)) date = new Date(value);
  else if (typeof value === 'string') {
    const trimmed = value.trim();
    const sql = SQL_DATE.exec(trimmed);
    if (sql) date = new Date(`${sql[1]}T${sql[2]}Z`);
    else if (ISO_DATE.test(trimmed)) date = new Date(trimmed);
  }
  if (!date || Number.isNaN(date.getTime())) {
    throw new ImportFileError(`${JSON.stringify(value)} is not a date`, { path: describePath(path, field) });
  }
  return date;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Ghost's image captions are HTML ("Photo by <a …>Ann</a>"); Broadsheet's are plain text. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity: string, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
