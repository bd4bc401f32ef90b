import { ConflictError, NotFoundError } from '../shared/errors.ts';
import { authorize, type Actor } from '../shared/policy.ts';
import { removeUnusedRenditionFiles } from './library-files.ts';
import type { PictureUse } from './library-ports.ts';
import type { MediaDeps } from './ports.ts';
import type { MediaItem } from './repository.ts';
import { checkPicture, recordPicture, type UploadedFile } from './upload.ts';

/**
 * Puts a new file in place of a picture's: the same id, so every article that shows it follows.
 * The file passes the upload's own checks; its original is stored, the row points at it and goes
 * back to processing, and the job that makes its renditions is written in the same transaction.
 * The old original is removed once that has committed; the old renditions go when processing
 * replaces them. Alt text, caption, credit and focal point stay: a replacement is most often the
 * same photo, better cropped or retouched.
 */
export async function replacePicture(deps: MediaDeps, input: { actor: Actor; id: number; file: UploadedFile | null }): Promise<MediaItem> {
  authorize(input.actor, 'media.manage');
  const before = await deps.store.library.findById(input.id);
  if (!before) throw new NotFoundError('The picture');
  const picture = await checkPicture(deps, input.file);
  const {
    item,
    found: oldKey,
    originalKey,
  } = await recordPicture(deps, picture, async (store, original) => {
    const current = await store.library.findById(input.id);
    if (!current) throw new NotFoundError('The picture');
    await store.library.replaceOriginal(current.id, original);
    return { mediaId: current.id, found: current.originalKey };
  });
  if (oldKey && oldKey !== originalKey) await deps.media.storage.delete('originals', oldKey);
  return item;
}

const quoted = (use: PictureUse) =>
  use.kind === 'page' ? `the page “${use.title}”` : `“${use.title}”${use.featured ? ' (featured picture)' : ''}`;

/** “an article”, “2 articles and a page”: how many of each kind use the picture. */
function usedIn(uses: readonly PictureUse[]): string {
  const count = (kind: PictureUse['kind']) => uses.filter((use) => use.kind === kind).length;
  const phrase = (n: number, one: string, many: string) => (n === 0 ? [] : [n === 1 ? one : `${n} ${many}`]);
  return [...phrase(count('article'), 'an article', 'articles'), ...phrase(count('page'), 'a page', 'pages')].join(' and ');
}

/**
 * Deletes a picture no article or page uses: its row and its renditions' rows in one transaction,
 * then its original and every rendition file no other picture shares. A picture still in use is
 * refused, with the headlines and titles of what shows it, since deleting it would leave a hole there.
 */
export async function deletePicture(deps: MediaDeps, input: { actor: Actor; id: number }): Promise<MediaItem> {
  authorize(input.actor, 'media.manage');
  const item = await deps.store.transaction(async (store) => {
    const found = await store.library.findById(input.id);
    if (!found) throw new NotFoundError('The picture');
    const uses = await store.library.usesOf(found.id);
    if (uses.length > 0) {
      throw new ConflictError(
        `“${found.originalName}” cannot be deleted: it is used in ${usedIn(uses)}: ${uses.map(quoted).join(', ')}. Remove it from them first.`,
      );
    }
    await store.library.deleteUpload(found.id);
    return found;
  });
  if (item.originalKey) await deps.media.storage.delete('originals', item.originalKey);
  await removeUnusedRenditionFiles(
    deps,
    item.renditions.map((rendition) => rendition.fileName),
  );
  return item;
}
