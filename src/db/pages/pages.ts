import type { BodyFormat, SitePage, SitePageStatus } from '../../domain/shared/model.ts';
import type { DB, Row } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';
import type { PageRecord, PageRepository } from '../../domain/pages/repository.ts';
import { bodiesShowing, replaceBodyPictures } from '../media/body-links.ts';

export function pageRepository(db: DB): PageRepository {
  const findWhere = async (column: 'slug' | 'id', value: string | number) => {
    const row = await db.selectFrom('pages').selectAll().where(column, '=', value).executeTakeFirst();
    return row ? toPage(row) : null;
  };
  return {
    findBySlug: (slug) => findWhere('slug', slug),
    findById: (id) => findWhere('id', id),
    async list(filter = {}) {
      const rows = await db
        .selectFrom('pages')
        .selectAll()
        .$call((query) => (filter.status ? query.where('status', '=', filter.status) : query))
        .orderBy('title')
        .execute();
      return rows.map(toPage);
    },
    async listPublishedLinks() {
      return db.selectFrom('pages').select(['slug', 'title']).where('status', '=', 'published').orderBy('title').execute();
    },
    async insert(page) {
      const { id } = await db
        .insertInto('pages')
        .values({ ...toRow(page), created_at: toIso(page.createdAt) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },
    async update(id, page) {
      await db.updateTable('pages').set(toRow(page)).where('id', '=', id).execute();
    },
    async delete(id) {
      await db.deleteFrom('pages').where('id', '=', id).execute();
    },
    setBodyPictures: (pageId, mediaIds) => replaceBodyPictures(db, 'page', pageId, mediaIds),
    listShowingPicture: (mediaId) => bodiesShowing(db, 'page', mediaId),
    async setBodyHtml(pageId, html) {
      await db.updateTable('pages').set({ body_html: html }).where('id', '=', pageId).execute();
    },
  };
}

function toRow(page: Omit<PageRecord, 'createdAt'>) {
  return {
    slug: page.slug,
    title: page.title,
    status: page.status,
    published_at: page.publishedAt ? toIso(page.publishedAt) : null,
    updated_at: toIso(page.updatedAt),
    author_id: page.authorId,
    body_format: page.bodyFormat,
    body_source: page.bodySource,
    body_html: page.bodyHtml,
  };
}

export function toPage(row: Row<'pages'>): SitePage {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    status: row.status as SitePageStatus,
    publishedAt: row.published_at ? fromIso(row.published_at) : null,
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
    authorId: row.author_id,
    bodyFormat: row.body_format as BodyFormat,
    bodySource: row.body_source,
    bodyHtml: row.body_html,
  };
}
