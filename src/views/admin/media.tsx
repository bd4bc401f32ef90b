import { deliveredPicture } from '../../domain/media/delivery.ts';
import type { LibraryEntry } from '../../domain/media/library-ports.ts';
import type { MediaItem, MediaStatus } from '../../domain/media/repository.ts';
import type { Page } from '../../domain/shared/model.ts';
import { formatShortDateTime } from '../format.ts';
import { ResponsivePicture } from '../picture.tsx';
import type { AdminContext } from './context.ts';
import { CsrfField, FileField, FormErrors, type FormState } from './form.tsx';
import { AdminLayout } from './layout.tsx';
import { Pager } from './pager.tsx';

/** The one place the URLs of the media library are spelled out. */
export const adminMediaPaths = {
  list: (page = 1, query = '') => {
    const search = new URLSearchParams();
    if (query) search.set('q', query);
    if (page > 1) search.set('page', String(page));
    const text = search.toString();
    return text ? `/admin/media?${text}` : '/admin/media';
  },
  upload: () => '/admin/media',
  picture: (id: number) => `/admin/media/${id}`,
  words: (id: number) => `/admin/media/${id}`,
  focal: (id: number) => `/admin/media/${id}/focal`,
  file: (id: number) => `/admin/media/${id}/file`,
  delete: (id: number) => `/admin/media/${id}/delete`,
} as const;

export const STATUS_NAMES: Readonly<Record<MediaStatus, string>> = { processing: 'Processing', ready: 'Ready', failed: 'Failed' };

/** What the file chooser offers; the server still decides by the file's content. */
export const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

/** The thumbnail column is 6rem wide: the browser picks the 320-pixel rendition, in the best format it takes. */
const THUMB_SIZES = '6rem';

/** A picture in the newsroom, shown as readers get it but with the alt text given (a thumbnail beside its name needs none). */
export function LibraryPicture({ item, sizes, alt = '' }: { item: MediaItem; sizes: string; alt?: string }): JSX.Element {
  const picture = deliveredPicture({ ...item, alt, url: '' });
  const image = <ResponsivePicture picture={picture} layout={{ sizes, className: 'media-picture' }} />;
  return image ? image : <span class="media-thumb media-thumb-empty"></span>;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1000))} kB`;
}

export function StatusBadge({ item }: { item: Pick<MediaItem, 'status' | 'failure'> }): JSX.Element {
  return (
    <>
      <span class={`status status-${item.status}`} safe>
        {STATUS_NAMES[item.status]}
      </span>
      {item.failure ? (
        <span class="hint" safe>
          {item.failure}
        </span>
      ) : (
        ''
      )}
    </>
  );
}

/** The picture's words, each labelled, as the list shows them under its name. */
function Words({ item }: { item: LibraryEntry }): JSX.Element {
  const words = [
    ['Alt', item.alt],
    ['Caption', item.caption],
    ['Credit', item.credit],
  ].filter(([, text]) => text);
  if (words.length === 0) return <span class="hint">No alt text, caption or credit yet.</span>;
  return (
    <dl class="media-words">
      {words.map(([label, text]) => (
        <>
          <dt safe>{label}</dt>
          <dd safe>{text}</dd>
        </>
      ))}
    </dl>
  );
}

export interface MediaLibraryPageProps {
  readonly admin: AdminContext;
  readonly library: Page<LibraryEntry>;
  readonly query: string;
  readonly uploadState: FormState;
}

/**
 * The media library: the upload form (a plain file input; admin-media.js adds dropping, pasting,
 * several files and progress), the search, and the pictures, newest first.
 */
export function MediaLibraryPage({ admin, library, query, uploadState }: MediaLibraryPageProps): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Media" wide scripts={['admin-media.js']}>
      <h1>Media</h1>
      <form method="post" action={adminMediaPaths.upload()} enctype="multipart/form-data" class="media-upload" data-media-upload novalidate>
        <CsrfField token={admin.csrfToken} />
        <FormErrors state={uploadState} />
        <FileField
          name="file"
          label="Picture"
          hint="JPEG, PNG, WebP, AVIF or GIF. Sizes for every screen are made after the upload."
          accept={ACCEPT}
          state={uploadState}
          required
        />
        <button type="submit">Upload</button>
      </form>
      <form method="get" action={adminMediaPaths.list()} class="filters" role="search">
        <div class="field">
          <label for="q">Search pictures</label>
          <input type="search" id="q" name="q" value={query} aria-describedby="q-hint" />
          <span class="hint" id="q-hint">
            By file name, alt text, caption or credit.
          </span>
        </div>
        <button type="submit">Search</button>
        {query ? <a href={adminMediaPaths.list()}>Show every picture</a> : ''}
      </form>
      {library.total === 0 ? (
        query ? (
          <p safe>{`No picture’s name, alt text, caption or credit contains “${query}”.`}</p>
        ) : (
          <p>No pictures yet. Upload the first one.</p>
        )
      ) : (
        <table class="list media-list">
          <caption class="visually-hidden">
            {query ? <span safe>{`Pictures matching “${query}”`}</span> : 'Every picture, newest first'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Picture</th>
              <th scope="col">Name and words</th>
              <th scope="col">Size</th>
              <th scope="col">Status</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {library.items.map((item) => (
              <tr>
                <td>
                  <a href={adminMediaPaths.picture(item.id)} tabindex="-1" aria-hidden="true" class="media-thumb-link">
                    <LibraryPicture item={item} sizes={THUMB_SIZES} />
                  </a>
                </td>
                <td>
                  <a href={adminMediaPaths.picture(item.id)} class="media-name" safe>
                    {item.originalName}
                  </a>
                  <Words item={item} />
                </td>
                <td>
                  <span safe>{`${item.width} × ${item.height}`}</span>
                  <span class="hint" safe>
                    {formatBytes(item.byteSize)}
                  </span>
                </td>
                <td>
                  <StatusBadge item={item} />
                </td>
                <td>
                  <time datetime={item.createdAt.toISOString()} safe>
                    {formatShortDateTime(admin.site, item.createdAt)}
                  </time>
                  {item.uploaderName ? (
                    <span class="hint" safe>
                      {`by ${item.uploaderName}`}
                    </span>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={library} href={(page) => adminMediaPaths.list(page, query)} />
    </AdminLayout>
  );
}
