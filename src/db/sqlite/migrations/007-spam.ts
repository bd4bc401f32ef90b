import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * Spam defence (issue 12). Each comment keeps the filter's score and the reasons it was held or
 * marked as spam, what the learning filter last learned from it (so a reversed decision is
 * unlearned exactly), and a key of its normalised body for duplicate detection. `spam_tokens`
 * holds the learning filter's counts: per token, in how many spam and how many legitimate
 * comments it appeared; the row with the empty token counts the comments themselves.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('spam_score', 'real').execute();
  await db.schema
    .alterTable('comments')
    .addColumn('spam_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('comments')
    .addColumn('trained_as', 'text', (c) => c.check(sql`trained_as in ('spam', 'ham')`))
    .execute();
  await db.schema.alterTable('comments').addColumn('body_key', 'text').execute();
  // Duplicate detection looks a body up by its key, then compares email, address and article.
  await db.schema
    .createIndex('comments_body_key')
    .on('comments')
    .columns(['body_key', 'created_at'])
    .where(sql.ref('body_key'), 'is not', null)
    .execute();
  // The per-email limit counts one email's recent comments.
  await db.schema.createIndex('comments_email_created').on('comments').columns(['author_email', 'created_at']).execute();

  await db.schema
    .createTable('spam_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('spam', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ham', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('spam_tokens').execute();
  await db.schema.dropIndex('comments_email_created').execute();
  await db.schema.dropIndex('comments_body_key').execute();
  for (const column of ['body_key', 'trained_as', 'spam_reasons', 'spam_score']) {
    await db.schema.alterTable('comments').dropColumn(column).execute();
  }
}
