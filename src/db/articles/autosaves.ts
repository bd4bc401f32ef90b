import type { EditorFields } from '../../domain/articles/autosave.ts';
import type { AutosaveRepository } from '../../domain/store.ts';
import type { DB } from '../sqlite/connection.ts';
import { fromIso, toIso } from '../time.ts';

export function autosaveRepository(db: DB): AutosaveRepository {
  return {
    async put({ userId, articleId, fields, savedAt }) {
      const values = { user_id: userId, article_id: articleId, fields: JSON.stringify(fields), saved_at: toIso(savedAt) };
      await db
        .insertInto('autosaves')
        .values(values)
        .onConflict((oc) => oc.columns(['user_id', 'article_id']).doUpdateSet({ fields: values.fields, saved_at: values.saved_at }))
        .execute();
    },
    async get(userId, articleId) {
      const row = await db
        .selectFrom('autosaves')
        .select(['fields', 'saved_at'])
        .where('user_id', '=', userId)
        .where('article_id', '=', articleId)
        .executeTakeFirst();
      return row ? { fields: JSON.parse(row.fields) as EditorFields, savedAt: fromIso(row.saved_at) } : null;
    },
    async delete(userId, articleId) {
      await db.deleteFrom('autosaves').where('user_id', '=', userId).where('article_id', '=', articleId).execute();
    },
  };
}
