/**
 * Another process writing to a Broadsheet database without pause: one comment per transaction on
 * the first article, each after a millisecond's wait (so the comparison afterwards stays small),
 * until it is stopped. Prints the running count after every 20th.
 * Run as `node --import tsx test/support/comment-writer.ts DATABASE_FILE`.
 */
import { openSqlite } from '../../src/db/sqlite/connection.ts';

const db = openSqlite(process.argv[2]!);
const article = await db.selectFrom('articles').select('id').orderBy('id').executeTakeFirstOrThrow();
let stopping = false;
process.once('SIGTERM', () => (stopping = true));
for (let n = 1; !stopping; n++) {
  await db
    .insertInto('comments')
    .values({
      article_id: article.id,
      parent_id: null,
      depth: 0,
      author_name: `Writer ${n}`,
      author_email: `writer${n}@example.com`,
      author_url: null,
      body_source: `Comment number ${n}`,
      body_html: `<p>Comment number ${n}</p>`,
      status: 'approved',
      created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n % 60)).toISOString(),
      client_address_hash: 'writer',
      user_agent: 'comment-writer',
      staff_user_id: null,
      edited_at: null,
    })
    .execute();
  if (n % 20 === 0) console.log(`written ${n}`);
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await db.destroy();
