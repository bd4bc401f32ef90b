import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * The media library (issue 14). Uploaded pictures join imported ones in `media`, so that an
 * article's `image_id` can name either, and bringing imported media home later turns a row into an
 * upload in place. An imported row keeps `url` (the old site's address) and its status `external`;
 * an upload has no url, a private original (`original_key`), its sniffed type in `mime_type`, and
 * renditions once the outbox has processed it.
 *
 * The focal point is stored as fractions (0-1) of the width and height, so it stays right when the
 * renditions are made again at other sizes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const media = () => db.schema.alterTable('media');
  await media()
    .addColumn('original_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await media().addColumn('original_key', 'text').execute();
  await media().addColumn('byte_size', 'integer').execute();
  await media().addColumn('width', 'integer').execute();
  await media().addColumn('height', 'integer').execute();
  await media()
    .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await media()
    .addColumn('focal_x', 'real', (c) => c.notNull().defaultTo(0.5))
    .execute();
  await media()
    .addColumn('focal_y', 'real', (c) => c.notNull().defaultTo(0.5))
    .execute();
  await media().addColumn('placeholder', 'text').execute();
  await media()
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('external'))
    .execute();
  await media().addColumn('failure', 'text').execute();
  await media()
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  // The library lists uploads newest first.
  await db.schema.createIndex('media_uploads').on('media').columns(['status', 'id']).execute();

  await db.schema
    .createTable('media_renditions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    // Content-hashed: the same bytes get the same name, whichever picture made them.
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_renditions_media').on('media_renditions').column('media_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('media_renditions').execute();
  await db.schema.dropIndex('media_uploads').execute();
  for (const name of [
    'uploaded_by',
    'failure',
    'status',
    'placeholder',
    'focal_y',
    'focal_x',
    'credit',
    'height',
    'width',
    'byte_size',
    'original_key',
    'original_name',
  ]) {
    await db.schema.alterTable('media').dropColumn(name).execute();
  }
}
