import type { ArticleRepository } from '../../domain/articles/repository.ts';
import type { DB } from '../schema.ts';
import { indexArticles } from '../sqlite/search-index.ts';

type BodyMediaQueries = Pick<ArticleRepository, 'setBodyPictures' | 'listShowingPicture' | 'setBodyHtml'>;

/** The pictures articles' bodies show (article_body_media), and the bodies rendered again when one changes. */
export function bodyMediaQueries(db: DB): BodyMediaQueries {
  return {
    async setBodyPictures(articleId, mediaIds) {
      await db.deleteFrom('article_body_media').where('article_id', '=', articleId).execute();
      if (mediaIds.length === 0) return;
      // Only the ids the library has: a mistyped one would break the foreign key, and shows nothing anyway.
      await db
        .insertInto('article_body_media')
        .columns(['article_id', 'media_id'])
        .expression((eb) =>
          eb
            .selectFrom('media')
            .select((inner) => [inner.val(articleId).as('article_id'), 'media.id'])
            .where('media.id', 'in', [...new Set(mediaIds)]),
        )
        .execute();
    },

    async listShowingPicture(mediaId) {
      const rows = await db
        .selectFrom('article_body_media')
        .select('article_id')
        .where('media_id', '=', mediaId)
        .orderBy('article_id')
        .execute();
      return rows.map((row) => row.article_id);
    },

    async setBodyHtml(articleId, html) {
      await db.updateTable('articles').set({ body_html: html }).where('id', '=', articleId).execute();
      // Captions are part of the indexed text.
      await indexArticles(db, [articleId]);
    },
  };
}
