import { adoptExternalPicture, AlreadyInLibraryError, type UploadedFile } from '../media/upload.ts';
import type { MediaServices } from '../media/storage.ts';
import { ValidationError } from '../shared/errors.ts';
import { renderArticleBody } from '../shared/markdown.ts';
import { authorize, type Actor } from '../shared/policy.ts';
import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';
import { PictureAddresses, pointImagesAtLibrary } from './body-pictures.ts';
import { legacyPathKey } from './legacy-paths.ts';

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

export type MediaHomeStore = Transactional<Pick<Repositories, 'imports' | 'library' | 'outbox' | 'redirects'>>;
export type MediaHomeDeps = UseCaseDeps<MediaHomeStore> & { readonly media: MediaServices };

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
 * Brings an import's pictures into the media library: every picture of `source` still on the old
 * site (status `external`) is looked for at `origin`, and one found and accepted (the same rules
 * as an upload) becomes an upload in place, same id, so the articles that lead with it keep it.
 * A rerun tries only what is still external. Then, for every picture of the source in the
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
      const changes = bodies.flatMap((body) => {
        const changed = pointImagesAtLibrary(body.bodySource, addresses);
        if (!changed) return [];
        return [{ id: body.id, bodySource: changed.html, bodyHtml: renderArticleBody(changed.html, 'html'), mediaIds: changed.mediaIds }];
      });
      if (changes.length === 0) continue;
      await deps.store.transaction(async (store) => {
        for (const change of changes) await store.imports.rewriteBody(of, change);
      });
      rewritten += changes.length;
    }
  }
  return rewritten;
}
