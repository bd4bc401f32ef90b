import { sql } from 'kysely';
import type { ImportRepository } from '../../domain/importing/repository.ts';
import type { DB } from '../schema.ts';

type MediaHomeQueries = Pick<ImportRepository, 'externalMediaOf' | 'libraryPicturesOf' | 'htmlBodiesWithImages' | 'rewriteBody'>;

/** The queries of bringing an import's pictures home (domain/importing/media-home.ts). */
export function mediaHomeQueries(db: DB): MediaHomeQueries {
  const importedFrom = (source: string) =>
    db
      .selectFrom('media')
      .innerJoin('imported_items', (join) =>
        join
          .onRef('imported_items.local_id', '=', 'media.id')
          .on('imported_items.kind', '=', 'media')
          .on('imported_items.source', '=', source),
      )
      .where('media.url', '<>', '');

  return {
    async externalMediaOf(source) {
      return importedFrom(source).select(['media.id', 'media.url']).where('media.status', '=', 'external').orderBy('media.id').execute();
    },

    async libraryPicturesOf(source) {
      return importedFrom(source)
        .select(['media.id', 'media.url', 'media.alt'])
        .where('media.status', '<>', 'external')
        .orderBy('media.id')
        .execute();
    },

    async htmlBodiesWithImages(of, { afterId, limit, importedFrom }) {
      let query = db
        .selectFrom(of)
        .select([`${of}.id as id`, `${of}.body_source as body_source`])
        .where(`${of}.id`, '>', afterId)
        .where(`${of}.body_format`, '=', 'html')
        .where(sql<boolean>`instr(lower(${sql.ref(`${of}.body_source`)}), '<img') > 0`);
      if (importedFrom !== undefined) {
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('imported_items')
              .select('imported_items.local_id')
              .whereRef('imported_items.local_id', '=', `${of}.id`)
              .where('imported_items.kind', '=', of === 'articles' ? 'article' : 'page')
              .where('imported_items.source', '=', importedFrom),
          ),
        );
      }
      const rows = await query.orderBy(`${of}.id`).limit(limit).execute();
      return rows.map((row) => ({ id: row.id, bodySource: row.body_source }));
    },

    async rewriteBody(of, body) {
      // Only the pictures change: the text the search index holds stays as it was.
      await db.updateTable(of).set({ body_source: body.bodySource, body_html: body.bodyHtml }).where('id', '=', body.id).execute();
      if (of !== 'articles') return;
      // The library knows where each of its pictures is shown (migration 015).
      await db.deleteFrom('article_body_media').where('article_id', '=', body.id).execute();
      if (body.mediaIds.length === 0) return;
      // Only pictures that exist: a body may name one deleted since.
      await db
        .insertInto('article_body_media')
        .columns(['article_id', 'media_id'])
        .expression(
          db
            .selectFrom('media')
            .select([sql.val(body.id).as('article_id'), 'id'])
            .where('id', 'in', [...body.mediaIds]),
        )
        .execute();
    },
  };
}
