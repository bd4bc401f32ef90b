import type { Kysely } from 'kysely';
import { sanitizeArticleHtml } from '../../../domain/shared/html-sanitize.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/** Rows rewritten per statement batch, so a large import's articles never sit in memory at once. */
const BATCH = 500;

/**
 * HTML bodies (imported, or written in HTML) are sanitized when saved, not per request, so the
 * rows saved before the sanitizer dropped unlisted iframes, sandboxed the listed ones and
 * namespaced ids still hold the old output. Sanitize those rows again. The sanitizer is
 * idempotent, and only rows that can hold what changed (an iframe, an id, a fragment link) are
 * read. Markdown bodies never contain raw HTML, and comment HTML never allowed ids or iframes.
 *
 * Comment websites need no rewrite: every page decides at render whether one may be a link.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['articles', 'pages']) await resanitize(db, table);
}

async function resanitize(db: Kysely<any>, table: string): Promise<void> {
  let after = 0;
  for (;;) {
    const rows: { id: number; body_html: string }[] = await db
      .selectFrom(table)
      .select(['id', 'body_html'])
      .where('body_format', '=', 'html')
      .where('id', '>', after)
      .where((eb) => eb.or([eb('body_html', 'like', '%<iframe%'), eb('body_html', 'like', '% id=%'), eb('body_html', 'like', '%href="#%')]))
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      const html = sanitizeArticleHtml(row.body_html);
      if (html !== row.body_html) await db.updateTable(table).set({ body_html: html }).where('id', '=', row.id).execute();
    }
    after = rows.at(-1)!.id;
  }
}

/** The old output is gone for good; going down leaves the safer HTML in place. */
export async function down(): Promise<void> {}
