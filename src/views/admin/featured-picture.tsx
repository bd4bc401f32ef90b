import type { DeliveredPicture } from '../../domain/media/delivery.ts';
import { attributeText } from '../attribute.ts';
import { ResponsivePicture } from '../picture.tsx';
import { TextArea, TextField, type FormState } from './form.tsx';

/** Where the panel's script asks for the library's pictures matching a search (JSON). */
export const PICTURE_CHOICES_PATH = '/admin/media/pictures.json';

/** A thumbnail's slot: 6rem wide, so a 320-pixel rendition serves even a 3x screen. */
const THUMBNAIL_SIZES = '6rem';
/** The preview of the chosen picture, as wide as the editor's side column. */
const PREVIEW_SIZES = '20rem';

/** A picture's place while its renditions are made: it may be chosen, and pages show it once ready. */
const PROCESSING = <span class="picture-thumb picture-processing">Processing…</span>;

/**
 * The editor's "Featured picture" panel. Without a script it is a list of radio buttons (the
 * newest uploads, the article's own picture and "No picture") and the chosen picture's words;
 * admin-featured-picture.js adds a search of the whole library and refills the words when the
 * choice changes. The words belong to the picture: `imageWordsFor` names the one they were
 * written for, so words typed for one picture are never saved over another's.
 */
export function FeaturedPicturePanel({
  state,
  pictures,
  libraryPath,
}: {
  state: FormState;
  /** Every picture to offer, the chosen one among them. */
  pictures: readonly DeliveredPicture[];
  libraryPath: string;
}): JSX.Element {
  const chosenId = state.values.imageId ?? '';
  const chosen = pictures.find((picture) => String(picture.id) === chosenId) ?? null;
  const words = wordsShown(state, chosen);
  const preview = chosen ? <ResponsivePicture picture={chosen} layout={{ sizes: PREVIEW_SIZES, className: 'picture-thumb' }} /> : '';
  return (
    <fieldset class="featured-picture" id="featured-picture" data-choices-url={PICTURE_CHOICES_PATH}>
      <legend>Featured picture</legend>
      <p class="hint">
        Leads the article, its listings, its feeds and its cards when shared.{' '}
        <a href={libraryPath} target="_blank">
          Open the media library
        </a>{' '}
        to upload a new one: upload, then choose it here.
      </p>
      <div class="picture-preview" id="picture-preview" aria-hidden="true">
        {chosen ? preview || PROCESSING : ''}
      </div>
      <div class="field picture-search" hidden>
        <label for="picture-search">Search the library</label>
        <input type="search" id="picture-search" autocomplete="off" aria-controls="picture-choices" />
      </div>
      <div class={state.fieldErrors.imageId ? 'field has-error' : 'field'} data-field="imageId">
        <ul class="picture-choices" id="picture-choices">
          <li>
            <label class="picture-choice">
              <input type="radio" name="imageId" value="" checked={chosen === null} data-alt="" data-caption="" data-credit="" />
              <span class="picture-thumb picture-none">No picture</span>
            </label>
          </li>
          {pictures.map((picture) => (
            <PictureChoice picture={picture} checked={picture === chosen} />
          ))}
        </ul>
        <span class="field-error" id="imageId-error" safe>
          {state.fieldErrors.imageId ?? ''}
        </span>
      </div>
      <input type="hidden" name="imageWordsFor" value={chosenId} />
      <div class="picture-words" id="picture-words">
        <TextArea
          name="imageAlt"
          label="Alt text"
          hint="What the picture shows, for readers who cannot see it. Required to publish."
          state={words}
          rows={2}
        />
        <TextField name="imageCaption" label="Caption" state={words} />
        <TextField name="imageCredit" label="Credit" hint="The photographer or agency, e.g. Photo: Ana Lima/Harbour Times." state={words} />
      </div>
    </fieldset>
  );
}

/** One radio button, its thumbnail and what tells it apart; the data attributes carry the picture's words for the script. */
export function PictureChoice({ picture, checked }: { picture: DeliveredPicture; checked: boolean }): JSX.Element {
  // The choice's text beside it names the picture, so the thumbnail itself is decorative (alt="").
  const thumbnail = <ResponsivePicture picture={{ ...picture, alt: '' }} layout={{ sizes: THUMBNAIL_SIZES, className: 'picture-thumb' }} />;
  return (
    <li>
      <label class="picture-choice">
        <input
          type="radio"
          name="imageId"
          value={String(picture.id)}
          checked={checked}
          data-alt={attributeText(picture.alt)}
          data-caption={attributeText(picture.caption)}
          data-credit={attributeText(picture.credit)}
        />
        {thumbnail || PROCESSING}
        <span class="picture-choice-text" safe>
          {picture.alt || picture.caption || `Picture ${picture.id} (no alt text yet)`}
        </span>
      </label>
    </li>
  );
}

/**
 * The words the fields show: as typed, when they were typed for the chosen picture; else the
 * chosen picture's own (the choice changed without the script to refill them).
 */
function wordsShown(state: FormState, chosen: DeliveredPicture | null): FormState {
  const { values } = state;
  if (!chosen || values.imageWordsFor === values.imageId) return state;
  return { ...state, values: { ...values, imageAlt: chosen.alt, imageCaption: chosen.caption, imageCredit: chosen.credit } };
}
