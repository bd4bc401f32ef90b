import type { DeliveredPicture } from '../media/delivery.ts';
import { MEDIA_CHANGED_JOB } from '../media/pictures.ts';
import type { Problems } from '../shared/errors.ts';
import type { Article, ArticleStatus } from '../shared/model.ts';
import { authorize, type StaffActor } from '../shared/policy.ts';
import type { UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';
import { cleanWords, WORD_LIMITS } from '../media/library-edit.ts';
import type { PictureWords } from '../media/library-ports.ts';

/** What the editor's "Featured picture" panel sends: the picture chosen, and the words typed for it. */
export interface FeaturedPictureDraft {
  /** The media row chosen; null for "No picture". */
  readonly id: number | null;
  /**
   * The alt text, caption and credit typed in the panel; absent when they were typed for another
   * picture (the choice changed without a script to refill the fields), so they are not written over this one's.
   */
  readonly words?: PictureWords;
}

/** The field names problems are reported under: the panel's own. */
export const FEATURED_PICTURE_FIELDS = { id: 'imageId', alt: 'imageAlt', caption: 'imageCaption', credit: 'imageCredit' } as const;

export const ALT_REQUIRED =
  'Describe the featured picture for readers who cannot see it: alt text is required to publish. (Drafts may be saved without it.)';

/** How many pictures the panel offers without a search: the newest uploads. */
export const RECENT_PICTURES = 12;

/** How many pictures a search of the panel lists. */
export const PICTURE_SEARCH_LIMIT = 24;

type PictureStore = Pick<Repositories, 'media' | 'library' | 'outbox'>;

/** What a save does to the article's featured picture, once checked. */
export interface FeaturedPicturePlan {
  /** The id to store; undefined leaves the article's as it is. */
  readonly imageId: number | null | undefined;
  /** Words to write on the chosen picture, when they changed. */
  readonly words: { readonly id: number; readonly words: PictureWords } | null;
}

/**
 * Checks the featured picture a save leaves the article with. A public article's picture needs alt
 * text, so readers who cannot see it are told what it shows; a draft may wait. The one exception is
 * an update that keeps a public article's picture and its empty alt text as they were (an imported
 * article's): the editor fixing a typo is not stopped by a gap nobody touched, and the panel shows it.
 */
export async function checkFeaturedPicture(
  store: PictureStore,
  input: { draft: FeaturedPictureDraft | undefined; existing: Article | null; status: ArticleStatus; problems: Problems },
): Promise<FeaturedPicturePlan> {
  const { draft, existing, status, problems } = input;
  const chosenId = draft ? draft.id : (existing?.image?.id ?? null);
  if (chosenId === null) return { imageId: draft ? null : undefined, words: null };
  const picture = (await store.library.findPictures([chosenId])).get(chosenId);
  if (!picture) {
    problems.add(FEATURED_PICTURE_FIELDS.id, 'That picture is no longer in the media library; choose another, or none.');
    return { imageId: undefined, words: null };
  }
  // Cleaned and limited as the media library's own form does (library-edit.ts).
  const words = draft?.words ? cleanWords(draft.words) : null;
  for (const name of ['alt', 'caption', 'credit'] as const) {
    const length = words ? [...words[name]].length : 0;
    if (length > WORD_LIMITS[name]) {
      problems.add(FEATURED_PICTURE_FIELDS[name], `At most ${WORD_LIMITS[name]} characters; it has ${length}. Shorten it.`);
    }
  }
  const alt = words?.alt ?? picture.alt.trim();
  const keptAsItWas =
    existing !== null && existing.status !== 'draft' && existing.image?.id === chosenId && !existing.image.alt.trim() && !alt;
  if (status !== 'draft' && !alt && !(keptAsItWas && status === existing?.status)) problems.add(FEATURED_PICTURE_FIELDS.alt, ALT_REQUIRED);
  return {
    imageId: draft ? chosenId : undefined,
    words: words && changed(picture, words) ? { id: chosenId, words } : null,
  };
}

/**
 * Writes the new words on the chosen picture, in the save's transaction. Anyone who may edit the
 * article may describe its featured picture (saveArticle has checked that), wider than the
 * library's own form allows (editors and the uploader): the words are the article's as much as
 * the picture's, and an author must be able to publish. Bodies that show the picture follow
 * through the outbox, as after the library's form.
 */
export async function describeFeaturedPicture(store: PictureStore, plan: FeaturedPicturePlan): Promise<void> {
  if (!plan.words) return;
  await store.library.updateWords(plan.words.id, plan.words.words);
  await store.outbox.enqueue({ kind: MEDIA_CHANGED_JOB, payload: { mediaId: plan.words.id } });
}

/**
 * The pictures the panel offers: the newest uploads, or those whose name, alt text, caption or
 * credit holds `text`. Pictures still processing are offered too; pages show them once they are ready.
 */
export async function findPictureChoices(
  deps: UseCaseDeps<Pick<Repositories, 'media'>>,
  input: { actor: StaffActor; text: string },
): Promise<DeliveredPicture[]> {
  authorize(input.actor, 'article.create');
  const text = input.text.trim();
  return deps.store.media.choices({ text, limit: text ? PICTURE_SEARCH_LIMIT : RECENT_PICTURES });
}

/** One picture the editor's form names, when it is not among those the panel already offers. */
export async function findPictureChoice(
  deps: UseCaseDeps<Pick<Repositories, 'library'>>,
  input: { actor: StaffActor; id: number },
): Promise<DeliveredPicture | null> {
  authorize(input.actor, 'article.create');
  return (await deps.store.library.findPictures([input.id])).get(input.id) ?? null;
}

function changed(picture: DeliveredPicture, words: PictureWords): boolean {
  return picture.alt !== words.alt || picture.caption !== words.caption || picture.credit !== words.credit;
}
