import { sql } from 'kysely';
import type { LibraryEntry, MediaLibraryManagement, PictureUse, ReplacedOriginal } from '../../domain/media/library-ports.ts';
import type { MediaItem, MediaLibraryRepository, MediaStatus, PictureType, Rendition } from '../../domain/media/repository.ts';
import { MIME_TYPES } from '../../domain/media/pictures.ts';
import type { DB, Row } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';
import { deliveredPictures, renditionsOf } from './pictures.ts';
import type { PictureLookup } from '../../domain/media/delivery.ts';

/** Imported pictures are `external`; every other status is an upload's. */
const UPLOADED = ['processing', 'ready', 'failed'] as const satisfies readonly MediaStatus[];

const TYPE_OF_MIME = new Map(Object.entries(MIME_TYPES).map(([type, mime]) => [mime, type as PictureType]));

/** A failure's reason is kept to this many characters: enough to read, never a whole stack. */
const FAILURE_LENGTH = 1000;

/** `text` anywhere in a LIKE match, its own % and _ taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export function mediaLibraryRepository(db: DB): MediaLibraryRepository & MediaLibraryManagement & PictureLookup {
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
          alt: '',
          caption: '',
          article_id: null,
          created_at: toIso(upload.createdAt),
          ...originalColumns(upload),
          uploaded_by: upload.uploadedBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },
    async adoptExternal(id, upload) {
      const result = await db
        .updateTable('media')
        .set({ ...originalColumns(upload), uploaded_by: upload.uploadedBy })
        .where('id', '=', id)
        .where('status', '=', 'external')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
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
    async search({ query, limit, offset }) {
      // LIKE, not the FTS index articles use: people look for a fragment of a camera's file name
      // (`DSC_04`, `img_20`), which word tokens never match, and a library of some thousands of
      // rows is scanned in milliseconds. SQLite's LIKE ignores case for ASCII letters only.
      const pattern = containing(query);
      const matching = db
        .selectFrom('media')
        .where('status', 'in', UPLOADED)
        .$if(query !== '', (q) =>
          q.where((eb) =>
            eb.or(
              (['original_name', 'alt', 'caption', 'credit'] as const).map(
                (column) => sql<boolean>`${sql.ref(`media.${column}`)} like ${pattern} escape '\\'`,
              ),
            ),
          ),
        );
      const [rows, count] = await Promise.all([
        matching
          .leftJoin('users', 'users.id', 'media.uploaded_by')
          .selectAll('media')
          .select('users.display_name as uploader_name')
          .orderBy('media.id', 'desc')
          .limit(limit)
          .offset(offset)
          .execute(),
        matching.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ]);
      const items = await withRenditions(rows);
      return {
        items: items.map((item, index): LibraryEntry => ({ ...item, uploaderName: rows[index]!.uploader_name })),
        total: Number(count.total),
      };
    },
    async usesOf(id) {
      // Three indexed looks: articles_image for the featured picture, article_body_media_media and page_body_media_media for bodies.
      const [featured, inBody, inPages] = await Promise.all([
        db.selectFrom('articles').select(['id', 'headline']).where('image_id', '=', id).execute(),
        db
          .selectFrom('article_body_media')
          .innerJoin('articles', 'articles.id', 'article_body_media.article_id')
          .select(['articles.id', 'articles.headline'])
          .where('article_body_media.media_id', '=', id)
          .execute(),
        db
          .selectFrom('page_body_media')
          .innerJoin('pages', 'pages.id', 'page_body_media.page_id')
          .select(['pages.id', 'pages.title'])
          .where('page_body_media.media_id', '=', id)
          .orderBy('pages.title')
          .execute(),
      ]);
      const articles = new Map<number, PictureUse>();
      const article = (row: { id: number; headline: string }, featured: boolean, inBody: boolean): PictureUse => ({
        kind: 'article',
        id: row.id,
        title: row.headline,
        featured,
        inBody,
      });
      for (const row of featured) articles.set(row.id, article(row, true, false));
      for (const row of inBody) articles.set(row.id, article(row, articles.get(row.id)?.featured ?? false, true));
      return [
        ...[...articles.values()].sort((a, b) => b.id - a.id),
        ...inPages.map((row): PictureUse => ({ kind: 'page', id: row.id, title: row.title, featured: false, inBody: true })),
      ];
    },
    async updateWords(id, words) {
      await db.updateTable('media').set({ alt: words.alt, caption: words.caption, credit: words.credit }).where('id', '=', id).execute();
    },
    async setFocalPoint(id, focal) {
      await db.updateTable('media').set({ focal_x: focal.x, focal_y: focal.y }).where('id', '=', id).execute();
    },
    async replaceOriginal(id, original) {
      await db.updateTable('media').set(originalColumns(original)).where('id', '=', id).execute();
    },
    async deleteUpload(id) {
      await db.deleteFrom('media_renditions').where('media_id', '=', id).execute();
      await db.deleteFrom('media').where('id', '=', id).where('status', 'in', UPLOADED).execute();
    },
    async renditionFilesInUse(fileNames) {
      if (fileNames.length === 0) return new Set();
      const rows = await db
        .selectFrom('media_renditions')
        .select('file_name')
        .distinct()
        .where('file_name', 'in', [...fileNames])
        .execute();
      return new Set(rows.map((row) => row.file_name));
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

/** A kept original's columns: a new upload, an imported picture brought home and a replaced file all start processing from it. */
function originalColumns(original: ReplacedOriginal) {
  return {
    mime_type: MIME_TYPES[original.type],
    original_name: original.originalName,
    original_key: original.originalKey,
    byte_size: original.byteSize,
    width: original.width,
    height: original.height,
    status: 'processing',
    failure: null,
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
