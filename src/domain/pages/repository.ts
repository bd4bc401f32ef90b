import type { SitePage, SitePageStatus } from '../shared/model.ts';

/** A page as stored, without the id the store gives it. */
export type PageRecord = Omit<SitePage, 'id'>;

export interface PageRepository {
  findBySlug(slug: string): Promise<SitePage | null>;
  findById(id: number): Promise<SitePage | null>;
  /** Every page, by title, drafts included (the newsroom's list); `status` filters. */
  list(filter?: { status?: SitePageStatus }): Promise<SitePage[]>;
  /** The published pages' titles and slugs, by title, for the site's footer: no bodies. */
  listPublishedLinks(): Promise<Array<Pick<SitePage, 'slug' | 'title'>>>;
  insert(page: PageRecord): Promise<number>;
  update(id: number, page: Omit<PageRecord, 'createdAt'>): Promise<void>;
  delete(id: number): Promise<void>;
  /** Replaces the library pictures the page's body shows (page_body_media); ids the library lacks are left out. */
  setBodyPictures(pageId: number, mediaIds: readonly number[]): Promise<void>;
  /** The pages whose body shows the picture, by id. */
  listShowingPicture(mediaId: number): Promise<number[]>;
  /** Stores a body rendered again, its source unchanged (a picture it shows changed). */
  setBodyHtml(pageId: number, html: string): Promise<void>;
}
