import { NotFoundError, Problems } from '../shared/errors.ts';
import { checkBodyPictures, renderAgainShowing, renderBody, type RenderedBody } from '../articles/body-pictures.ts';
import type { BodyFigures } from '../articles/figures.ts';
import type { BodyFormat, SitePage, SitePageStatus } from '../shared/model.ts';
import { authorize, type StaffActor } from '../shared/policy.ts';
import { isValidSlug, slugify } from '../shared/slug.ts';
import type { PagesDeps, PagesStore } from './ports.ts';
import type { PageRecord } from './repository.ts';

/**
 * Standalone pages (About, Contact, the corrections policy): written in the newsroom by editors
 * and administrators, or brought in by an import, and linked from the site's footer once published.
 */

export const PAGE_LIMITS = { title: 200 } as const;
export const PAGE_STATUSES: readonly SitePageStatus[] = ['draft', 'published'];

/** What the footer needs of a page. */
export type PageLink = Pick<SitePage, 'slug' | 'title'>;

/** The page form's fields as typed; a field not sent reads as empty. */
export interface PageFields {
  readonly title?: string;
  readonly slug?: string;
  readonly body?: string;
  readonly status?: string;
}

/** A published page as readers see it; a draft is as unknown as a page that never existed. */
export async function readPage(deps: PagesDeps, input: { slug: string }): Promise<SitePage> {
  const page = await deps.store.pages.findBySlug(input.slug);
  if (page?.status !== 'published') throw new NotFoundError('The page');
  return page;
}

/** The published pages, by title, for the links in the site's footer. */
export function listFooterPages(deps: PagesDeps): Promise<PageLink[]> {
  return deps.store.pages.listPublishedLinks();
}

/** Every page, drafts included, by title. */
export async function listPages(deps: PagesDeps, input: { actor: StaffActor }): Promise<SitePage[]> {
  authorize(input.actor, 'page.manage');
  return deps.store.pages.list();
}

/** The page form's values for a stored page, or for a new one (`null`). */
export function pageFieldsOf(page: SitePage | null): Required<PageFields> {
  return page
    ? { title: page.title, slug: page.slug, body: page.bodySource, status: page.status }
    : { title: '', slug: '', body: '', status: 'draft' };
}

/** A page to edit; null for a new one. */
export async function readPageForEditing(deps: PagesDeps, input: { actor: StaffActor; pageId: number | null }): Promise<SitePage | null> {
  authorize(input.actor, 'page.manage');
  return input.pageId === null ? null : existingPage(deps.store, input.pageId);
}

/**
 * Creates a page (`pageId` null) or saves one. A page keeps the body format it has: an imported
 * HTML body stays HTML (sanitized here), and pages written in the newsroom are Markdown. It is
 * first dated when it is first published.
 */
export async function savePage(
  deps: PagesDeps,
  input: { actor: StaffActor; pageId: number | null; fields: PageFields },
): Promise<SitePage> {
  authorize(input.actor, 'page.manage');
  return deps.store.transaction(async (store) => {
    const existing = input.pageId === null ? null : await existingPage(store, input.pageId);
    const bodyFormat = existing?.bodyFormat ?? 'markdown';
    const { title, slug, body, rendered, status } = await checkPage(store, deps.figures, input.fields, { existing, bodyFormat });
    const now = deps.clock.now();
    const record: Omit<PageRecord, 'createdAt'> = {
      slug,
      title,
      status,
      publishedAt: existing?.publishedAt ?? (status === 'published' ? now : null),
      updatedAt: now,
      authorId: existing?.authorId ?? input.actor.authorId,
      bodyFormat,
      bodySource: body,
      // A page's pictures are figures as an article's are, rendered again when one of them changes (refreshPagesShowing).
      bodyHtml: rendered.html,
    };
    if (existing) await store.pages.update(existing.id, record);
    const id = existing?.id ?? (await store.pages.insert({ ...record, createdAt: now }));
    await store.pages.setBodyPictures(
      id,
      rendered.pictures.map((shown) => shown.id),
    );
    return existingPage(store, id);
  });
}

/** Deletes a page for good; its address then answers 404. */
export async function deletePage(deps: PagesDeps, input: { actor: StaffActor; pageId: number }): Promise<SitePage> {
  authorize(input.actor, 'page.manage');
  return deps.store.transaction(async (store) => {
    const page = await existingPage(store, input.pageId);
    await store.pages.delete(page.id);
    return page;
  });
}

async function existingPage(store: PagesStore, id: number): Promise<SitePage> {
  const page = await store.pages.findById(id);
  if (!page) throw new NotFoundError('The page');
  return page;
}

/** The form's values cleaned, or every problem with them at once, each under its field. */
async function checkPage(
  store: PagesStore,
  figures: BodyFigures,
  fields: PageFields,
  { existing, bodyFormat }: { existing: SitePage | null; bodyFormat: BodyFormat },
): Promise<{ title: string; slug: string; body: string; rendered: RenderedBody; status: SitePageStatus }> {
  const problems = new Problems();
  const title = (fields.title ?? '').trim().replace(/\s+/g, ' ');
  if (!title) problems.add('title', 'Every page needs a title');
  else if (title.length > PAGE_LIMITS.title) problems.add('title', `Keep the title under ${PAGE_LIMITS.title} characters`);
  const typedSlug = (fields.slug ?? '').trim();
  const slug = typedSlug || slugify(title);
  if (typedSlug && !isValidSlug(slug)) {
    problems.add('slug', 'Use lower-case letters, digits and single hyphens only, e.g. about-us');
  } else if (title && !slug) {
    problems.add('slug', 'The title has no letters or digits to make a slug from; give one');
  } else if (slug) {
    const other = await store.pages.findBySlug(slug);
    if (other && other.id !== existing?.id) problems.add('slug', `The page “${other.title}” already has this address; choose another slug`);
  }
  const body = (fields.body ?? '').replace(/\r\n?/g, '\n');
  if (!body.trim()) problems.add('body', 'The page has no text');
  const status = PAGE_STATUSES.find((candidate) => candidate === fields.status);
  if (!status) problems.add('status', 'Choose whether the page is a draft or published');
  const rendered = await renderBody(store, figures, { source: body, format: bodyFormat });
  // As an article's: a picture the library lacks is refused, and a published page's pictures need alt text.
  checkBodyPictures(rendered.pictures, { public: status === 'published' }, problems);
  problems.throwIfAny();
  return { title, slug, body, rendered, status: status! };
}

/**
 * Renders again every page whose body shows a picture, after the picture changed: the pages'
 * share of the `media.changed` job (refreshBodiesShowing does the articles'). Returns how many
 * bodies changed.
 */
export async function refreshPagesShowing(deps: PagesDeps, input: { mediaId: number }): Promise<number> {
  return deps.store.transaction((store) => renderAgainShowing(store, deps.figures, store.pages, input.mediaId));
}
