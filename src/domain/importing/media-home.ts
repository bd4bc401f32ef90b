import { adoptExternalPicture, AlreadyInLibraryError, type UploadedFile } from '../media/upload.ts';
import type { MediaServices } from '../media/storage.ts';
import { ValidationError } from '../shared/errors.ts';
import { renderBody } from '../articles/body-pictures.ts';
import type { BodyFigures } from '../articles/figures.ts';
import { authorize, type Actor } from '../shared/policy.ts';
import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';
import { oldUploadsShownIn, PictureAddresses, pointImagesAtLibrary, type PictureShown } from './body-pictures.ts';
import { legacyPathKey } from './legacy-paths.ts';
import { oldSiteOf, originalOfResized } from './old-uploads.ts';

/** A file found for an imported picture, in a temporary place that `release` removes. */
export type FetchedPicture =
  { readonly found: true; readonly file: UploadedFile; release(): Promise<void> } | { readonly found: false; readonly reason: string };

/**
 * Where imported pictures' files are found by their old address: a copy of the old site's
 * uploads folder (src/media/folder-origin.ts) or the old site itself (src/media/http-origin.ts).
 */
export interface PictureOrigin {
  fetch(url: string): Promise<FetchedPicture>;
}

export type MediaHomeStore = Transactional<Pick<Repositories, 'imports' | 'library' | 'media' | 'outbox' | 'redirects'>>;
export type MediaHomeDeps = UseCaseDeps<MediaHomeStore> & { readonly media: MediaServices; readonly figures: BodyFigures };

/** An imported picture whose file could not be brought home, and why; its row stays on the old site. */
export interface PictureNotFound {
  readonly mediaId: number;
  readonly url: string;
  readonly reason: string;
}

export interface MediaHomeOutcome {
  /** Pictures that became library uploads in this run. */
  readonly broughtHome: number;
  readonly notFound: readonly PictureNotFound[];
  /** Article and page bodies whose `<img>`s now name library pictures. */
  readonly bodiesRewritten: number;
  /** The run was asked to stop before every picture was tried. */
  readonly stopped: boolean;
}

/** Bodies are rewritten this many at a time, one transaction each. */
const BODY_BATCH = 200;

/**
 * Brings an import's pictures into the media library. First the old site's own uploads that the
 * source's bodies show but its export never listed are recorded as pictures of the source still
 * on the old site, so that they are brought home like the rest. Then every picture of `source`
 * still on the old site (status `external`) is looked for at `origin`, and one found and accepted
 * (the same rules as an upload) becomes an upload in place, same id, so the articles that lead
 * with it keep it. A rerun tries only what is still external. Then, for every picture of the source in the
 * library, its old file address (and the resized copies' addresses) redirects to it, and bodies'
 * `<img>`s of it become `media:ID` (re-rendered); bodies are done on every run, since a re-import
 * of a changed post brings its old addresses back.
 */
export async function bringMediaHome(
  deps: MediaHomeDeps,
  input: {
    actor: Actor;
    source: string;
    origin: PictureOrigin;
    onProgress?: (done: number, total: number) => void;
    shouldStop?: () => boolean;
  },
): Promise<MediaHomeOutcome> {
  authorize(input.actor, 'publication.import');
  await recordPicturesOfBodies(deps, input.source);
  const waiting = await deps.store.imports.externalMediaOf(input.source);
  const notFound: PictureNotFound[] = [];
  let broughtHome = 0;
  let stopped = false;
  input.onProgress?.(0, waiting.length);
  for (const [index, picture] of waiting.entries()) {
    if (input.shouldStop?.()) {
      stopped = true;
      break;
    }
    const reason = await bringHome(deps, input.actor, input.origin, picture);
    if (reason === null) broughtHome++;
    else notFound.push({ mediaId: picture.id, url: picture.url, reason });
    input.onProgress?.(index + 1, waiting.length);
  }
  const bodiesRewritten = await pointAtLibrary(deps, input.source);
  return { broughtHome, notFound, bodiesRewritten, stopped };
}

/**
 * Gives each old upload that the source's imported bodies show, and that no picture of the source
 * has as its address yet, a row of its own on the old site (status `external`), recorded as the
 * source's, so a rerun finds it by its address and adds no second one. Bodies are read in batches,
 * and each batch's new rows are written in one transaction.
 */
async function recordPicturesOfBodies(deps: MediaHomeDeps, source: string): Promise<void> {
  const site = oldSiteOf(source);
  if (site === null) return;
  const known = new Set<string>();
  const remember = (url: string) => {
    const key = legacyPathKey(url);
    if (key !== null) known.add(key);
  };
  for (const picture of await deps.store.imports.externalMediaOf(source)) remember(picture.url);
  for (const picture of await deps.store.imports.libraryPicturesOf(source)) remember(picture.url);
  const isKnown = (url: string) => {
    const key = legacyPathKey(url);
    if (key === null || known.has(key)) return true;
    // A body showing a resized copy of a listed picture shows that picture (the rewrite finds it).
    const original = originalOfResized(key);
    return original !== null && known.has(original);
  };
  for (const of of ['articles', 'pages'] as const) {
    let afterId = 0;
    for (;;) {
      const bodies = await deps.store.imports.htmlBodiesWithImages(of, { afterId, limit: BODY_BATCH, importedFrom: source });
      if (bodies.length === 0) break;
      afterId = bodies.at(-1)!.id;
      const found: PictureShown[] = [];
      for (const body of bodies) {
        for (const picture of oldUploadsShownIn(body.bodySource, site)) {
          if (isKnown(picture.url)) continue;
          remember(picture.url);
          found.push(picture);
        }
      }
      if (found.length === 0) continue;
      const createdAt = deps.clock.now();
      await deps.store.transaction(async (store) => {
        const recorded = [];
        for (const picture of found) {
          // No type yet: a picture brought home takes the one its bytes show.
          const id = await store.media.insert({
            url: picture.url,
            title: '',
            alt: picture.alt,
            caption: '',
            mimeType: '',
            articleId: null,
            createdAt,
          });
          recorded.push({ kind: 'media' as const, externalId: `body:${picture.url}`, localId: id, hash: '' });
        }
        await store.imports.recordImported(source, recorded);
      });
    }
  }
}

/** Null once the picture is in the library; otherwise why not. */
async function bringHome(deps: MediaHomeDeps, actor: Actor, origin: PictureOrigin, picture: { id: number; url: string }) {
  const fetched = await origin.fetch(picture.url);
  if (!fetched.found) return fetched.reason;
  try {
    await adoptExternalPicture(deps, { actor, mediaId: picture.id, file: fetched.file });
    return null;
  } catch (error) {
    if (error instanceof AlreadyInLibraryError) return null;
    if (error instanceof ValidationError) return Object.values(error.fields).join(' ') || error.message;
    throw error;
  } finally {
    await fetched.release();
  }
}

/** Redirects the source's library pictures' old addresses to them, and rewrites the bodies that show them. */
async function pointAtLibrary(deps: MediaHomeDeps, source: string): Promise<number> {
  const pictures = await deps.store.imports.libraryPicturesOf(source);
  if (pictures.length === 0) return 0;
  const addresses = new PictureAddresses();
  for (const picture of pictures) addresses.add(picture.url, picture);
  await deps.store.redirects.put(
    pictures.flatMap((picture) => {
      const path = legacyPathKey(picture.url);
      return path === null ? [] : [{ path, kind: 'media' as const, id: picture.id }];
    }),
  );
  let rewritten = 0;
  for (const of of ['articles', 'pages'] as const) {
    let afterId = 0;
    for (;;) {
      const bodies = await deps.store.imports.htmlBodiesWithImages(of, { afterId, limit: BODY_BATCH });
      if (bodies.length === 0) break;
      afterId = bodies.at(-1)!.id;
      const changes: Array<Parameters<MediaHomeStore['imports']['rewriteBody']>[1]> = [];
      for (const body of bodies) {
        const changed = pointImagesAtLibrary(body.bodySource, addresses);
        if (!changed) continue;
        // Rendered as the editor renders it: each picture a figure, its old address until processed.
        const rendered = await renderBody(deps.store, deps.figures, { source: changed.html, format: 'html' });
        changes.push({ id: body.id, bodySource: changed.html, bodyHtml: rendered.html, mediaIds: changed.mediaIds });
      }
      if (changes.length === 0) continue;
      await deps.store.transaction(async (store) => {
        for (const change of changes) await store.imports.rewriteBody(of, change);
      });
      rewritten += changes.length;
    }
  }
  return rewritten;
}
