import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * The number of conversations each article's readers see: approved comments with no parent, or
 * whose parent is not approved (buildCommentThread shows those at the top level). The page of
 * comments needs it for its page count; counted, it read every approved reply's parent (1.4 ms on
 * an article with 5,000 comments, on every view of it).
 *
 * It has a table of its own: kept in a column of `articles`, each comment rewrote its article's
 * whole row, body and all (1.1 s more for every 50,000 imported comments; here, within the noise).
 * Triggers keep it, so every writer does (the app, the command line, an import, another process
 * with the database open). A comment's approval changes whether its approved replies start conversations, so
 * each trigger counts those too. Deleting is counted BEFORE the row goes: SQLite sets the
 * replies' parent_id to null (ON DELETE SET NULL) before an AFTER trigger runs, and by then the
 * parent can no longer be looked up. Replies are taken to be on their parent's article.
 *
 * The index of migration 012 served only that count; every comment written paid for it.
 */
const startsThread = (row: 'old' | 'new') =>
  `(${row}.status = 'approved' AND (${row}.parent_id IS NULL OR NOT EXISTS
     (SELECT 1 FROM comments AS p WHERE p.id = ${row}.parent_id AND p.status = 'approved')))`;
const approvedReplies = (row: 'old' | 'new') =>
  `(SELECT count(*) FROM comments AS r WHERE r.parent_id = ${row}.id AND r.status = 'approved')`;
const add = (articleId: string, delta: string) =>
  `INSERT INTO comment_threads (article_id, conversations) SELECT ${articleId}, ${delta} AS d WHERE d <> 0
     ON CONFLICT (article_id) DO UPDATE SET conversations = conversations + excluded.conversations;`;

const TRIGGERS = [
  `CREATE TRIGGER comment_threads_article_deleted AFTER DELETE ON articles BEGIN
    DELETE FROM comment_threads WHERE article_id = old.id;
  END`,
  `CREATE TRIGGER comment_threads_inserted AFTER INSERT ON comments WHEN new.status = 'approved' BEGIN
    ${add('new.article_id', `${startsThread('new')} - ${approvedReplies('new')}`)}
  END`,
  `CREATE TRIGGER comment_threads_deleted BEFORE DELETE ON comments WHEN old.status = 'approved' BEGIN
    ${add('old.article_id', `${approvedReplies('old')} - ${startsThread('old')}`)}
  END`,
  `CREATE TRIGGER comment_threads_updated AFTER UPDATE OF status, parent_id, article_id ON comments
    WHEN old.status = 'approved' OR new.status = 'approved' BEGIN
    ${add('old.article_id', `-${startsThread('old')}`)}
    ${add('new.article_id', `${startsThread('new')} + ${approvedReplies('new')} * ((new.status <> 'approved') - (old.status <> 'approved'))`)}
  END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  // No foreign key: deleting an article deletes its comments first, whose trigger writes here.
  await db.schema
    .createTable('comment_threads')
    .addColumn('article_id', 'integer', (col) => col.primaryKey())
    .addColumn('conversations', 'integer', (col) => col.notNull())
    .execute();
  await sql`INSERT INTO comment_threads (article_id, conversations)
    SELECT c.article_id, count(*) FROM comments AS c
    WHERE c.status = 'approved' AND (c.parent_id IS NULL OR NOT EXISTS
      (SELECT 1 FROM comments AS p WHERE p.id = c.parent_id AND p.status = 'approved'))
    GROUP BY c.article_id`.execute(db);
  for (const trigger of TRIGGERS) await sql.raw(trigger).execute(db);
  await db.schema.dropIndex('comments_thread_starts').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('comments_thread_starts')
    .on('comments')
    .columns(['article_id', 'status', 'parent_id', 'created_at'])
    .execute();
  for (const name of [
    'comment_threads_article_deleted',
    'comment_threads_inserted',
    'comment_threads_deleted',
    'comment_threads_updated',
  ]) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  }
  await db.schema.dropTable('comment_threads').execute();
}
