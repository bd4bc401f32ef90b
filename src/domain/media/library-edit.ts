import { ForbiddenError, NotFoundError, Problems } from '../shared/errors.ts';
import { authorize, can, type Actor } from '../shared/policy.ts';
import type { PictureUse, PictureWords } from './library-ports.ts';
import { MEDIA_CHANGED_JOB, MEDIA_PROCESS_JOB } from './pictures.ts';
import type { MediaDeps } from './ports.ts';
import type { FocalPoint, MediaItem } from './repository.ts';

/** The longest words a picture takes: alt text is read aloud in full, so it stays a sentence or two. */
export const WORD_LIMITS: Readonly<Record<keyof PictureWords, number>> = { alt: 250, caption: 1000, credit: 200 };

/** What the actor may do with one picture; the page shows only the forms these allow. */
export interface PictureAbilities {
  /** Change its alt text, caption, credit and focal point. */
  readonly describe: boolean;
  /** Replace its file and delete it. */
  readonly manage: boolean;
}

/**
 * Editors and administrators manage every picture. Whoever uploaded a picture may also describe
 * it (alt text, caption, credit, focal point): they know what it shows and who took it, and a
 * contributor's picture should not wait for an editor to get its alt text. Replacing and deleting
 * change what articles show, so they stay with editors.
 */
export function pictureAbilities(actor: Actor, item: Pick<MediaItem, 'uploadedBy'>): PictureAbilities {
  const manage = can(actor, 'media.manage');
  const own = actor.kind === 'staff' && item.uploadedBy !== null && item.uploadedBy === actor.id;
  return { describe: manage || own, manage };
}

function authorizeDescribe(actor: Actor, item: MediaItem): void {
  authorize(actor, 'media.upload');
  if (!pictureAbilities(actor, item).describe) {
    throw new ForbiddenError('Only editors, administrators and the person who uploaded a picture can change its words and focal point.');
  }
}

async function findPicture(deps: MediaDeps, id: number): Promise<MediaItem> {
  const item = await deps.store.library.findById(id);
  if (!item) throw new NotFoundError('The picture');
  return item;
}

/** One picture of the library with the articles that show it, and what the actor may do with it. */
export async function readPicture(
  deps: MediaDeps,
  input: { actor: Actor; id: number },
): Promise<{ item: MediaItem; uses: PictureUse[]; abilities: PictureAbilities }> {
  authorize(input.actor, 'media.upload');
  const item = await findPicture(deps, input.id);
  const uses = await deps.store.library.usesOf(item.id);
  return { item, uses, abilities: pictureAbilities(input.actor, item) };
}

/** Line breaks have no place in alt text or a credit; a caption keeps its own. */
export function cleanWords(words: PictureWords): PictureWords {
  const line = (text: string) => text.replace(/\s+/g, ' ').trim();
  return { alt: line(words.alt), caption: words.caption.replace(/\r\n?/g, '\n').trim(), credit: line(words.credit) };
}

/**
 * Saves a picture's alt text, caption and credit. Every article body that shows the picture
 * renders them into its HTML, so a `media.changed` job that renders those bodies again is written
 * in the same transaction.
 */
export async function describePicture(deps: MediaDeps, input: { actor: Actor; id: number; words: PictureWords }): Promise<MediaItem> {
  const item = await findPicture(deps, input.id);
  authorizeDescribe(input.actor, item);
  const words = cleanWords(input.words);
  const problems = new Problems();
  const names: Record<keyof PictureWords, string> = { alt: 'Alt text', caption: 'The caption', credit: 'The credit' };
  for (const field of ['alt', 'caption', 'credit'] as const) {
    const length = [...words[field]].length;
    if (length > WORD_LIMITS[field]) {
      problems.add(field, `${names[field]} may be at most ${WORD_LIMITS[field]} characters; it has ${length}. Shorten it.`);
    }
  }
  problems.throwIfAny();
  if (words.alt === item.alt && words.caption === item.caption && words.credit === item.credit) return item;
  return deps.store.transaction(async (store) => {
    await store.library.updateWords(item.id, words);
    await store.outbox.enqueue({ kind: MEDIA_CHANGED_JOB, payload: { mediaId: item.id } });
    return (await store.library.findById(item.id))!;
  });
}

/**
 * Moves the point every crop (the social card, the structured-data crops) is centred on, given as
 * fractions of the width and height from the top left, and has the crops made again: the
 * `media.process` job is written with the change. The old crops serve until the new ones are made.
 */
export async function setFocalPoint(deps: MediaDeps, input: { actor: Actor; id: number; focal: FocalPoint }): Promise<MediaItem> {
  const item = await findPicture(deps, input.id);
  authorizeDescribe(input.actor, item);
  const { x, y } = input.focal;
  const inside = (value: number) => Number.isFinite(value) && value >= 0 && value <= 1;
  const problems = new Problems();
  if (!inside(x) || !inside(y)) problems.add('focal', 'Set the focal point inside the picture: across and down are each from 0 to 100 %.');
  problems.throwIfAny();
  // Ten-thousandths are finer than any pixel of a rendition; more digits would only look precise.
  const focal = { x: Math.round(x * 10_000) / 10_000, y: Math.round(y * 10_000) / 10_000 };
  if (focal.x === item.focal.x && focal.y === item.focal.y) return item;
  return deps.store.transaction(async (store) => {
    await store.library.setFocalPoint(item.id, focal);
    await store.outbox.enqueue({ kind: MEDIA_PROCESS_JOB, payload: { mediaId: item.id } });
    return (await store.library.findById(item.id))!;
  });
}
