import type { PictureAbilities } from '../../domain/media/library-edit.ts';
import { WORD_LIMITS } from '../../domain/media/library-edit.ts';
import type { PictureUse } from '../../domain/media/library-ports.ts';
import { cropAround, SOCIAL_CROP } from '../../domain/media/pictures.ts';
import type { MediaItem, Rendition } from '../../domain/media/repository.ts';
import { articlePaths } from '../../paths/newsroom-articles.ts';
import { paths } from '../../paths/site.ts';
import { formatShortDateTime } from '../format.ts';
import type { AdminContext } from './context.ts';
import { CsrfField, FileField, FormErrors, TextArea, TextField, type FormState } from './form.tsx';
import { adminPagePaths } from './pages.tsx';
import { AdminLayout } from './layout.tsx';
import { ACCEPT, adminMediaPaths, formatBytes, LibraryPicture, StatusBadge } from './media.tsx';

/** The widest rendition the focal-point frame shows: clicks are read in its pixels, so it is never scaled without a script. */
const FRAME_WIDTH = 640;

const PURPOSE_NAMES: Readonly<Record<Rendition['purpose'], string>> = {
  responsive: 'Responsive',
  social: 'Social card',
  structured: 'Search engines',
};

const percent = (fraction: number) => String(Math.round(fraction * 1000) / 10);

/**
 * Where the social crop sits within the picture as CSS `object-position`, so the preview shows
 * the very crop processing makes (both follow `cropAround`) before it is made.
 */
export function socialCropPosition(item: Pick<MediaItem, 'width' | 'height' | 'focal'>): string {
  if (item.width <= 0 || item.height <= 0) return '50% 50%';
  const crop = cropAround(item, SOCIAL_CROP, item.focal);
  const spareX = crop.scaledWidth - SOCIAL_CROP.width;
  const spareY = crop.scaledHeight - SOCIAL_CROP.height;
  const x = spareX > 0 ? crop.left / spareX : 0.5;
  const y = spareY > 0 ? crop.top / spareY : 0.5;
  return `${percent(x)}% ${percent(y)}%`;
}

/** The JPEG the focal-point frame shows: the widest made up to FRAME_WIDTH. */
function frameRendition(item: MediaItem): Rendition | null {
  const jpegs = item.renditions
    .filter((rendition) => rendition.purpose === 'responsive' && rendition.format === 'jpeg' && rendition.width <= FRAME_WIDTH)
    .sort((a, b) => b.width - a.width);
  return jpegs[0] ?? null;
}

export interface PicturePageProps {
  readonly admin: AdminContext;
  readonly item: MediaItem;
  readonly uses: readonly PictureUse[];
  readonly abilities: PictureAbilities;
  readonly wordsState: FormState;
  readonly focalState: FormState;
  readonly replaceState: FormState;
  readonly deleteState: FormState;
}

function UsedIn({ uses }: { uses: readonly PictureUse[] }): JSX.Element {
  if (uses.length === 0) return <p>No article or page uses this picture.</p>;
  return (
    <ul class="media-uses">
      {uses.map((use) => (
        <li>
          <a href={use.kind === 'page' ? adminPagePaths.edit(use.id) : articlePaths.edit(use.id)} safe>
            {use.title}
          </a>{' '}
          <span class="hint" safe>
            {[use.kind === 'page' ? 'page' : '', use.featured ? 'featured picture' : '', use.inBody ? 'in the body' : '']
              .filter(Boolean)
              .join(', ')}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Renditions({ item }: { item: MediaItem }): JSX.Element {
  if (item.renditions.length === 0) return <p>No renditions yet: they are made once processing has run.</p>;
  return (
    <table class="list media-renditions">
      <thead>
        <tr>
          <th scope="col">For</th>
          <th scope="col">Format</th>
          <th scope="col">Size</th>
          <th scope="col">File</th>
        </tr>
      </thead>
      <tbody>
        {item.renditions.map((rendition) => (
          <tr>
            <td safe>{PURPOSE_NAMES[rendition.purpose]}</td>
            <td safe>{rendition.format.toUpperCase()}</td>
            <td safe>{`${rendition.width} × ${rendition.height}, ${formatBytes(rendition.bytes)}`}</td>
            <td>
              <a href={paths.mediaFile(rendition.fileName)} safe>
                {rendition.fileName}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WordsForm({ admin, item, state }: { admin: AdminContext; item: MediaItem; state: FormState }): JSX.Element {
  return (
    <form method="post" action={adminMediaPaths.words(item.id)} class="media-words-form" novalidate>
      <CsrfField token={admin.csrfToken} />
      <FormErrors state={state} />
      <TextField
        name="alt"
        label="Alt text"
        hint={`What the picture shows, for those who cannot see it; at most ${WORD_LIMITS.alt} characters.`}
        state={state}
      />
      <TextArea name="caption" label="Caption" rows={3} hint={`At most ${WORD_LIMITS.caption} characters.`} state={state} />
      <TextField name="credit" label="Credit" hint="The photographer or agency, e.g. “Photo: Ana Lee/Harbour Press”." state={state} />
      <button type="submit">Save words</button>
    </form>
  );
}

function FocalForm({ admin, item, state }: { admin: AdminContext; item: MediaItem; state: FormState }): JSX.Element {
  const frame = frameRendition(item);
  const focalX = state.values['focalX'] ?? percent(item.focal.x);
  const focalY = state.values['focalY'] ?? percent(item.focal.y);
  const shown = { ...state, values: { ...state.values, focalX, focalY } };
  const numeric = { type: 'number', min: '0', max: '100', step: '0.1', inputmode: 'decimal' };
  return (
    <form method="post" action={adminMediaPaths.focal(item.id)} class="media-focal-form" novalidate>
      <CsrfField token={admin.csrfToken} />
      <FormErrors state={state} />
      {frame ? (
        <>
          <p class="hint" id="focal-frame-hint">
            Click the picture where its subject is: every crop is centred there, as far as the picture allows.
          </p>
          <div class="media-focal-frame" style={`width:${frame.width}px`}>
            <input
              type="image"
              name="focal"
              src={paths.mediaFile(frame.fileName)}
              width={String(frame.width)}
              height={String(frame.height)}
              alt="Set the focal point where you click"
              aria-label="Set the focal point where you click"
              aria-describedby="focal-frame-hint"
              data-focal-frame
              data-picture-width={String(item.width)}
              data-picture-height={String(item.height)}
            />
            <span
              class="media-focal-marker"
              data-focal-marker
              aria-hidden="true"
              style={`left:${percent(item.focal.x)}%;top:${percent(item.focal.y)}%`}
            ></span>
          </div>
          <input type="hidden" name="frameWidth" value={String(frame.width)} />
          <input type="hidden" name="frameHeight" value={String(frame.height)} />
        </>
      ) : (
        ''
      )}
      <div class="media-focal-fields">
        <TextField name="focalX" label="Across (%)" hint="0 is the left edge, 100 the right." state={shown} input={numeric} />
        <TextField name="focalY" label="Down (%)" hint="0 is the top, 100 the bottom." state={shown} input={numeric} />
      </div>
      <button type="submit">Save focal point</button>
    </form>
  );
}

/** The social card as cut around the focal point: a preview of the crop, ahead of processing. */
function SocialPreview({ item }: { item: MediaItem }): JSX.Element {
  const made = item.renditions.find((rendition) => rendition.purpose === 'social');
  // The social card is 1200 wide; its preview is shown at half that, so 1280 at most is plenty.
  const source = item.renditions
    .filter((rendition) => rendition.purpose === 'responsive' && rendition.format === 'jpeg' && rendition.width <= 1280)
    .sort((a, b) => b.width - a.width)[0];
  if (!source) return <p>The social card is made once processing has run.</p>;
  return (
    <figure class="media-social-preview">
      <img
        src={paths.mediaFile(source.fileName)}
        width={String(SOCIAL_CROP.width)}
        height={String(SOCIAL_CROP.height)}
        alt="Preview of the social card"
        loading="lazy"
        data-social-preview
        style={`object-position:${socialCropPosition(item)}`}
      />
      <figcaption>
        The 1200 × 630 card that shares of an article show, cut around the focal point.{' '}
        {made ? (
          <a href={paths.mediaFile(made.fileName)} data-social-made>
            The card as made
          </a>
        ) : (
          ''
        )}
      </figcaption>
    </figure>
  );
}

/** One picture of the library: the picture, its words and focal point, where it is used, its renditions, and replacing or deleting it. */
export function PicturePage(props: PicturePageProps): JSX.Element {
  const { admin, item, uses, abilities } = props;
  return (
    <AdminLayout admin={admin} title={item.originalName} wide scripts={['admin-media.js']}>
      <p>
        <a href={adminMediaPaths.list()}>← Media</a>
      </p>
      <h1 safe>{item.originalName}</h1>
      <p>
        <StatusBadge item={item} />{' '}
        <span safe>{`${item.width} × ${item.height} pixels, ${item.type.toUpperCase()}, ${formatBytes(item.byteSize)}, uploaded `}</span>
        <time datetime={item.createdAt.toISOString()} safe>
          {formatShortDateTime(admin.site, item.createdAt)}
        </time>
      </p>
      <div class="media-picture-page">
        <section aria-labelledby="focal-heading">
          <h2 id="focal-heading">Picture and focal point</h2>
          {abilities.describe ? (
            <FocalForm admin={admin} item={item} state={props.focalState} />
          ) : (
            <LibraryPicture item={item} sizes="(min-width: 60rem) 40rem, 100vw" alt={item.alt} />
          )}
          <h3>Social card</h3>
          <SocialPreview item={item} />
        </section>
        <section aria-labelledby="words-heading">
          <h2 id="words-heading">Words</h2>
          {abilities.describe ? (
            <WordsForm admin={admin} item={item} state={props.wordsState} />
          ) : (
            <dl class="media-words">
              <dt>Alt text</dt>
              <dd safe>{item.alt || '(none)'}</dd>
              <dt>Caption</dt>
              <dd safe>{item.caption || '(none)'}</dd>
              <dt>Credit</dt>
              <dd safe>{item.credit || '(none)'}</dd>
            </dl>
          )}
          <h2>Used in</h2>
          <UsedIn uses={uses} />
        </section>
      </div>
      {abilities.manage ? (
        <section aria-labelledby="replace-heading">
          <h2 id="replace-heading">Replace the file</h2>
          <form method="post" action={adminMediaPaths.file(item.id)} enctype="multipart/form-data" novalidate>
            <CsrfField token={admin.csrfToken} />
            <FormErrors state={props.replaceState} />
            <FileField
              name="file"
              label="New file"
              hint="Every article that shows this picture shows the new file once it is processed; the words and focal point stay."
              accept={ACCEPT}
              state={props.replaceState}
              required
            />
            <button type="submit">Replace</button>
          </form>
          <h2>Delete</h2>
          <form method="post" action={adminMediaPaths.delete(item.id)} class="media-delete">
            <CsrfField token={admin.csrfToken} />
            <FormErrors state={props.deleteState} />
            {uses.length > 0 ? <p>A picture in use cannot be deleted: remove it from the articles and pages above first.</p> : ''}
            <button type="submit" class="button danger" data-confirm={`Delete “${item.originalName}”? This cannot be undone.`}>
              Delete the picture
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      <h2>Renditions</h2>
      <Renditions item={item} />
    </AdminLayout>
  );
}
