import type { ArticleRepository } from '../../domain/articles/repository.ts';
import { bodiesShowing, replaceBodyPictures } from '../media/body-links.ts';
import type { DB } from '../schema.ts';
import { indexArticles } from '../sqlite/search-index.ts';

type BodyMediaQueries = Pick<ArticleRepository, 'setBodyPictures' | 'listShowingPicture' | 'setBodyHtml'>;

/** The pictures articles' bodies show (article_body_media), and the bodies rendered again when one changes. */
export function bodyMediaQueries(db: DB): BodyMediaQueries {
  return {
    setBodyPictures: (articleId, mediaIds) => replaceBodyPictures(db, 'article', articleId, mediaIds),
    listShowingPicture: (mediaId) => bodiesShowing(db, 'article', mediaId),
    async setBodyHtml(articleId, html) {
      await db.updateTable('articles').set({ body_html: html }).where('id', '=', articleId).execute();
      // Captions are part of the indexed text.
      await indexArticles(db, [articleId]);
    },
  };
}
