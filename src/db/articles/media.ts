import { sql } from 'kysely';
import type { Media } from '../../domain/shared/model.ts';
import type { DB, Row } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';
import { deliveredPictures } from '../media/pictures.ts';
import type { MediaRepository } from '../../domain/articles/repository.ts';

export function mediaRepository(db: DB): MediaRepository {
  return {
    async findById(id) {
      const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toMedia(row) : null;
    },
    async insert(media) {
      const { id } = await db.insertInto('media').values(toRow(media)).returning('id').executeTakeFirstOrThrow();
      return id;
    },
    async update(id, media) {
      // A picture brought into the library knows its type from its bytes; a re-import's claim does not replace it.
      const row = { ...toRow(media), mime_type: sql<string>`case when status = 'external' then ${media.mimeType} else mime_type end` };
      await db.updateTable('media').set(row).where('id', '=', id).execute();
    },
    async setArticleImage(articleId, mediaId) {
      await db.updateTable('articles').set({ image_id: mediaId }).where('id', '=', articleId).execute();
    },
    async listByArticle(articleIds) {
      if (articleIds.length === 0) return [];
      const rows = await db.selectFrom('media').selectAll().where('article_id', 'in', articleIds).orderBy('id').execute();
      return rows.map(toMedia);
    },
    async choices({ text, limit }) {
      // Newest first by the primary key; a search reads the uploads' rows, a library small enough to scan.
      const rows = await db
        .selectFrom('media')
        .select('id')
        .where('status', 'in', ['processing', 'ready'])
        .$if(text !== '', (query) => {
          const pattern = `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
          return query.where(
            sql<boolean>`(original_name like ${pattern} escape '\\' or alt like ${pattern} escape '\\' or caption like ${pattern} escape '\\' or credit like ${pattern} escape '\\')`,
          );
        })
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      const ids = rows.map((row) => row.id);
      const pictures = await deliveredPictures(db, ids);
      return ids.flatMap((id) => pictures.get(id) ?? []);
    },
  };
}

function toRow(media: Omit<Media, 'id'>) {
  return {
    url: media.url,
    title: media.title,
    alt: media.alt,
    caption: media.caption,
    mime_type: media.mimeType,
    article_id: media.articleId,
    created_at: toIso(media.createdAt),
  };
}

export function toMedia(row: Row<'media'>): Media {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    alt: row.alt,
    caption: row.caption,
    mimeType: row.mime_type,
    articleId: row.article_id,
    createdAt: fromIso(row.created_at),
  };
}
