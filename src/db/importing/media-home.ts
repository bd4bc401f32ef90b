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

    async htmlBodiesWithImages(of, { afterId, limit }) {
      const rows = await db
        .selectFrom(of)
        .select(['id', 'body_source'])
        .where('id', '>', afterId)
        .where('body_format', '=', 'html')
        .where(sql<boolean>`instr(lower(body_source), '<img') > 0`)
        .orderBy('id')
        .limit(limit)
        .execute();
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
