import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * Rendition files are named by a hash of their bytes, so two uploads of the same photo share
 * them. Before a file is removed (a picture deleted, replaced or re-cropped) the library asks
 * whether any other row still names it: one indexed look per file, not a scan of every rendition.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('media_renditions_file').on('media_renditions').column('file_name').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('media_renditions_file').execute();
}
