import type { MediaItem, MediaStatus } from '../../domain/media/repository.ts';
import type { Page } from '../../domain/shared/model.ts';
import { paths } from '../../paths/site.ts';
import { formatShortDateTime } from '../format.ts';
import type { AdminContext } from './context.ts';
import { CsrfField, FileField, FormErrors, type FormState } from './form.tsx';
import { AdminLayout } from './layout.tsx';
import { Pager } from './pager.tsx';

/** The one place the URLs of the media library are spelled out. */
export const adminMediaPaths = {
  list: (page = 1) => (page > 1 ? `/admin/media?page=${page}` : '/admin/media'),
  upload: () => '/admin/media',
} as const;

const STATUS_NAMES: Readonly<Record<MediaStatus, string>> = { processing: 'Processing', ready: 'Ready', failed: 'Failed' };

/** What the file chooser offers; the server still decides by the file's content. */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

function Thumbnail({ item }: { item: MediaItem }): JSX.Element {
  const smallest = item.renditions.find((rendition) => rendition.purpose === 'responsive' && rendition.format === 'jpeg');
  if (!smallest) {
    return <span class="media-thumb media-thumb-empty"></span>;
  }
  return (
    <img
      class="media-thumb"
      src={paths.mediaFile(smallest.fileName)}
      width={String(smallest.width)}
      height={String(smallest.height)}
      alt=""
      loading="lazy"
    />
  );
}

export interface MediaLibraryPageProps {
  readonly admin: AdminContext;
  readonly library: Page<MediaItem>;
  readonly uploadState: FormState;
}

/** The media library: the upload form (a plain file input, no script needed) and the pictures, newest first. */
export function MediaLibraryPage({ admin, library, uploadState }: MediaLibraryPageProps): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Media" wide>
      <h1>Media</h1>
      <form method="post" action={adminMediaPaths.upload()} enctype="multipart/form-data" class="media-upload" novalidate>
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
      {library.total === 0 ? (
        <p>No pictures yet. Upload the first one.</p>
      ) : (
        <table class="list media-list">
          <thead>
            <tr>
              <th scope="col">Picture</th>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Status</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {library.items.map((item) => (
              <tr>
                <td>
                  <Thumbnail item={item} />
                </td>
                <td safe>{item.originalName}</td>
                <td safe>{`${item.width} × ${item.height}`}</td>
                <td>
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
                </td>
                <td>
                  <time datetime={item.createdAt.toISOString()} safe>
                    {formatShortDateTime(admin.site, item.createdAt)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={library} href={(page) => adminMediaPaths.list(page)} />
    </AdminLayout>
  );
}
