import { deliveredPicture, type DeliveredPicture } from '../../domain/media/delivery.ts';
import type { MediaStatus, Rendition, RenditionFormat, RenditionPurpose } from '../../domain/media/repository.ts';
import type { DB, Row } from '../schema.ts';

/** The renditions of each picture named, in the order they were made: one query for any number of pictures. */
export async function renditionsOf(db: DB, ids: readonly number[]): Promise<Map<number, Rendition[]>> {
  const byMedia = new Map<number, Rendition[]>();
  if (ids.length === 0) return byMedia;
  const rows = await db.selectFrom('media_renditions').selectAll().where('media_id', 'in', ids).orderBy('id').execute();
  for (const row of rows) {
    const list = byMedia.get(row.media_id) ?? [];
    list.push(toRendition(row));
    byMedia.set(row.media_id, list);
  }
  return byMedia;
}

/**
 * The pictures named, as pages show them, by id: an article's lead picture, a listing's
 * thumbnails, a body's figures. Two indexed queries, whatever the number; an id with no row is absent.
 */
export async function deliveredPictures(db: DB, ids: readonly number[]): Promise<Map<number, DeliveredPicture>> {
  const unique = [...new Set(ids)];
  const pictures = new Map<number, DeliveredPicture>();
  if (unique.length === 0) return pictures;
  const [rows, renditions] = await Promise.all([
    db
      .selectFrom('media')
      .select(['id', 'alt', 'caption', 'credit', 'width', 'height', 'placeholder', 'status', 'url'])
      .where('id', 'in', unique)
      .execute(),
    renditionsOf(db, unique),
  ]);
  for (const row of rows) {
    pictures.set(
      row.id,
      deliveredPicture({ ...row, status: row.status as MediaStatus | 'external', renditions: renditions.get(row.id) ?? [] }),
    );
  }
  return pictures;
}

export function toRendition(row: Row<'media_renditions'>): Rendition {
  return {
    purpose: row.purpose as RenditionPurpose,
    format: row.format as RenditionFormat,
    width: row.width,
    height: row.height,
    fileName: row.file_name,
    bytes: row.bytes,
  };
}
