import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ArticleSubmission } from './articles.ts';
import { ValidationError } from '../shared/errors.ts';
import { ARTICLE_STATUSES, type ArticleStatus } from '../shared/model.ts';

const KEYS = ['title', 'standfirst', 'tags', 'author', 'date', 'slug', 'status', 'language'] as const;

/**
 * Reads an article written as Markdown with YAML front matter:
 *
 * ```
 * ---
 * title: Harbour ferry fares frozen
 * tags: [Economy, Transport]
 * author: Mei Lin Chau
 * ---
 * First paragraph…
 * ```
 *
 * Every problem is reported at once, each named by its front-matter key.
 */
export function parseArticleFile(text: string): ArticleSubmission {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  if (!match) {
    throw new ValidationError({}, ['The file must start with front matter: a line "---", lines such as "title: …", and a closing "---"']);
  }
  const [, yamlText = '', body = ''] = match;
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (front matter line ${error.linePos[0].line})` : '';
    throw new ValidationError({}, [
      `The front matter is not valid YAML${where}: ${(error as Error).message.split('\n')[0]?.replace(/:$/, '')}`,
    ]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ValidationError({}, ['The front matter must be a list of "key: value" lines']);
  }
  return readFields(data as Record<string, unknown>, body);
}

function readFields(data: Record<string, unknown>, body: string): ArticleSubmission {
  const fields: Record<string, string> = {};
  const unknown = Object.keys(data).filter((key) => !(KEYS as readonly string[]).includes(key));
  const form =
    unknown.length > 0
      ? [
          `Unknown front matter key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (allowed: ${KEYS.join(', ')})`,
        ]
      : [];

  const text = (key: string): string => {
    const value = data[key];
    if (value === undefined || value === null) return '';
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    fields[key] = 'Must be text';
    return '';
  };

  const tags = readTags(data.tags);
  if (tags === null) fields.tags = 'Must be a list such as [Politics, Economy] or a comma-separated line';
  const date = readDate(data.date);
  if (date === null) fields.date = 'Must be a date such as 2026-11-25 or 2026-11-25T09:30:00+08:00';
  const status = text('status') || 'published';
  if (!(ARTICLE_STATUSES as readonly string[]).includes(status)) fields.status = `Must be one of ${ARTICLE_STATUSES.join(', ')}`;
  const slug = text('slug');
  const language = text('language');

  const submission: ArticleSubmission = {
    headline: text('title'),
    standfirst: text('standfirst'),
    body: body.trim(),
    tags: tags ?? [],
    author: text('author'),
    status: status as ArticleStatus,
    ...(slug ? { slug } : {}),
    ...(language ? { language } : {}),
    ...(date ? { date } : {}),
  };
  if (Object.keys(fields).length > 0 || form.length > 0) throw new ValidationError(fields, form);
  return submission;
}

function readTags(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string')
    return value
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((tag) => typeof tag === 'string' || typeof tag === 'number')) return value.map(String);
  return null;
}

/** `undefined` when absent, `null` when unreadable. YAML already turns bare dates into Dates. */
function readDate(value: unknown): Date | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}
