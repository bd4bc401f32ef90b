import type { MediaItem, MediaLibraryRepository, MediaStatus, PictureType, Rendition } from '../../domain/media/repository.ts';
import { MIME_TYPES } from '../../domain/media/pictures.ts';
import type { DB, Row } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';
import { deliveredPictures, renditionsOf } from './pictures.ts';

/** Imported pictures are `external`; every other status is an upload's. */
const UPLOADED = ['processing', 'ready', 'failed'] as const satisfies readonly MediaStatus[];

const TYPE_OF_MIME = new Map(Object.entries(MIME_TYPES).map(([type, mime]) => [mime, type as PictureType]));

/** A failure's reason is kept to this many characters: enough to read, never a whole stack. */
const FAILURE_LENGTH = 1000;

export function mediaLibraryRepository(db: DB): MediaLibraryRepository {
  async function withRenditions(rows: Array<Row<'media'>>): Promise<MediaItem[]> {
    const renditions = await renditionsOf(
      db,
      rows.map((row) => row.id),
    );
    return rows.map((row) => toItem(row, renditions.get(row.id) ?? []));
  }

  return {
    async insertUpload(upload) {
      const { id } = await db
        .insertInto('media')
        .values({
          url: '',
          title: '',
          alt: upload.alt ?? '',
          caption: upload.caption ?? '',
          credit: upload.credit ?? '',
          mime_type: MIME_TYPES[upload.type],
          article_id: null,
          created_at: toIso(upload.createdAt),
          original_name: upload.originalName,
          original_key: upload.originalKey,
          byte_size: upload.byteSize,
          width: upload.width,
          height: upload.height,
          status: 'processing',
          uploaded_by: upload.uploadedBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },
    async findById(id) {
      const row = await db.selectFrom('media').selectAll().where('id', '=', id).where('status', 'in', UPLOADED).executeTakeFirst();
      return row ? (await withRenditions([row]))[0]! : null;
    },
    async list({ limit, offset }) {
      const [rows, count] = await Promise.all([
        db.selectFrom('media').selectAll().where('status', 'in', UPLOADED).orderBy('id', 'desc').limit(limit).offset(offset).execute(),
        db
          .selectFrom('media')
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .where('status', 'in', UPLOADED)
          .executeTakeFirstOrThrow(),
      ]);
      return { items: await withRenditions(rows), total: Number(count.total) };
    },
    findPictures: (ids) => deliveredPictures(db, ids),
    async listIds() {
      const rows = await db.selectFrom('media').select('id').where('status', 'in', UPLOADED).orderBy('id').execute();
      return rows.map((row) => row.id);
    },
    async recordProcessed(id, processed) {
      await db.deleteFrom('media_renditions').where('media_id', '=', id).execute();
      if (processed.renditions.length > 0) {
        await db
          .insertInto('media_renditions')
          .values(
            processed.renditions.map((rendition) => ({
              media_id: id,
              purpose: rendition.purpose,
              format: rendition.format,
              width: rendition.width,
              height: rendition.height,
              file_name: rendition.fileName,
              bytes: rendition.bytes,
            })),
          )
          .execute();
      }
      await db
        .updateTable('media')
        .set({ status: 'ready', failure: null, width: processed.width, height: processed.height, placeholder: processed.placeholder })
        .where('id', '=', id)
        .execute();
    },
    async recordFailed(id, reason) {
      await db
        .updateTable('media')
        .set({ status: 'failed', failure: reason.slice(0, FAILURE_LENGTH) })
        .where('id', '=', id)
        .execute();
    },
  };
}

function toItem(row: Row<'media'>, renditions: readonly Rendition[]): MediaItem {
  return {
    id: row.id,
    originalName: row.original_name,
    originalKey: row.original_key ?? '',
    type: TYPE_OF_MIME.get(row.mime_type) ?? 'jpeg',
    byteSize: row.byte_size ?? 0,
    width: row.width ?? 0,
    height: row.height ?? 0,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    focal: { x: row.focal_x, y: row.focal_y },
    placeholder: row.placeholder,
    status: row.status as MediaStatus,
    failure: row.failure,
    uploadedBy: row.uploaded_by,
    createdAt: fromIso(row.created_at),
    renditions,
  };
}
