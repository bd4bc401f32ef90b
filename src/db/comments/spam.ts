import { sql } from 'kysely';
import type { SpamReason, SpamRepository, TrainingLabel } from '../../domain/comments/spam/repository.ts';
import type { DB } from '../schema.ts';
import { toIso } from '../time.ts';

/** The `spam_tokens` row that counts the learned comments themselves, not a token. */
const DOCUMENTS = '';

export function spamRepository(db: DB): SpamRepository {
  return {
    async tokenCounts(tokens) {
      const rows = await db
        .selectFrom('spam_tokens')
        .select(['token', 'spam', 'ham'])
        .where('token', 'in', [DOCUMENTS, ...new Set(tokens)])
        .execute();
      const documents = rows.find((row) => row.token === DOCUMENTS);
      return {
        spamDocs: documents?.spam ?? 0,
        hamDocs: documents?.ham ?? 0,
        tokens: new Map(rows.filter((row) => row.token !== DOCUMENTS).map((row) => [row.token, { spam: row.spam, ham: row.ham }])),
      };
    },
    async learn(label, tokens, by) {
      const all = [DOCUMENTS, ...new Set(tokens)];
      const column = label === 'spam' ? 'spam' : 'ham';
      if (by === 1) {
        await db
          .insertInto('spam_tokens')
          .values(all.map((token) => ({ token, spam: label === 'spam' ? 1 : 0, ham: label === 'ham' ? 1 : 0 })))
          .onConflict((oc) => oc.column('token').doUpdateSet({ [column]: sql`${sql.ref(column)} + 1` }))
          .execute();
        return;
      }
      await db
        .updateTable('spam_tokens')
        .set({ [column]: sql`max(${sql.ref(column)} - 1, 0)` })
        .where('token', 'in', all)
        .execute();
      await db
        .deleteFrom('spam_tokens')
        .where('token', 'in', all)
        .where('token', '<>', DOCUMENTS)
        .where('spam', '=', 0)
        .where('ham', '=', 0)
        .execute();
    },
    async trainedLabels(ids) {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('comments')
        .select(['id', 'trained_as'])
        .where('id', 'in', ids)
        .where('trained_as', 'is not', null)
        .execute();
      return new Map(rows.map((row) => [row.id, row.trained_as as TrainingLabel]));
    },
    async setTrainedLabel(commentId, label) {
      await db.updateTable('comments').set({ trained_as: label }).where('id', '=', commentId).execute();
    },
    async addReasons(commentId, reasons) {
      const row = await db.selectFrom('comments').select('spam_reasons').where('id', '=', commentId).executeTakeFirst();
      if (!row) return;
      const merged = [...parseReasons(row.spam_reasons), ...reasons];
      await db
        .updateTable('comments')
        .set({ spam_reasons: JSON.stringify(merged) })
        .where('id', '=', commentId)
        .execute();
    },
    async screeningsOf(ids) {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('comments').select(['id', 'spam_score', 'spam_reasons']).where('id', 'in', ids).execute();
      return new Map(rows.map((row) => [row.id, { score: row.spam_score, reasons: parseReasons(row.spam_reasons) }]));
    },
    async countFromEmailSince(email, since) {
      const { n } = await db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('author_email', '=', email)
        .where('staff_user_id', 'is', null)
        .where('created_at', '>=', toIso(since))
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async hasDuplicate(query) {
      const row = await db
        .selectFrom('comments')
        .select('id')
        .where('body_key', '=', query.bodyKey)
        .where((eb) => eb.or([eb('author_email', '=', query.email), eb('client_address_hash', '=', query.clientAddressHash)]))
        .where((eb) => eb.or([eb('article_id', '=', query.articleId), eb('created_at', '>=', toIso(query.since))]))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

/** Reasons as stored; a value that does not parse (edited by hand) reads as none. */
function parseReasons(text: string): SpamReason[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { check, detail } = item as Record<string, unknown>;
    return typeof check === 'string' && typeof detail === 'string' ? [{ check, detail }] : [];
  });
}
