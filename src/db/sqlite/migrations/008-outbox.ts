import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * The outbox: work that leaves the database (Akismet, later CDN purges, webhooks, mail), written in
 * the same transaction as the change that causes it, so a crash can lose neither without the other.
 * A worker claims a due job by setting `locked_until` in a conditional UPDATE; a job is finished
 * when `done_at` or `dead_at` is set. Times are ISO-8601 UTC strings, as everywhere.
 *
 * `comments.akismet_verdict` is Akismet's answer for a comment ('spam' or 'ham'), null until asked.
 * `comments.akismet_user_ip` is the reader's raw address, kept only while Akismet is used and a
 * moderator may still send it a correction (which must carry it): erased at the moderator's
 * decision, and after 30 days at the latest.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('done_at', 'text')
    .addColumn('dead_at', 'text')
    .execute();
  // What a worker's claim looks for: unfinished jobs in the order they fall due.
  await db.schema.createIndex('outbox_due').on('outbox').columns(['run_after', 'id']).where(sql.ref('done_at'), 'is', null).execute();
  await db.schema.alterTable('comments').addColumn('akismet_verdict', 'text').execute();
  await db.schema.alterTable('comments').addColumn('akismet_user_ip', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').dropColumn('akismet_user_ip').execute();
  await db.schema.alterTable('comments').dropColumn('akismet_verdict').execute();
  await db.schema.dropTable('outbox').execute();
}
