import { bodyPictureSnippet, type InsertablePicture } from '../../domain/articles/body-pictures.ts';
import { fallbackFiles } from '../../domain/media/delivery.ts';
import type { BodyFormat } from '../../domain/shared/model.ts';
import { paths } from '../../paths/site.ts';

function Thumbnail({ picture }: { picture: InsertablePicture['picture'] }): JSX.Element {
  const smallest = fallbackFiles(picture)[0];
  const src = smallest ? paths.mediaFile(smallest.fileName) : picture.externalUrl;
  if (!src) return <span class="insert-picture-thumb insert-picture-waiting">Processing</span>;
  // The name and the line to copy say which picture it is: the thumbnail itself is decoration.
  return (
    <img
      class="insert-picture-thumb"
      src={src}
      alt=""
      width={smallest?.width}
      height={smallest?.height}
      loading="lazy"
      style={picture.placeholder ? `background-color:${picture.placeholder}` : undefined}
    />
  );
}

/**
 * Beside the body: the library's newest pictures, each with the line that shows it in the body,
 * to copy; admin-insert-picture.js adds a button that puts the line at the cursor. The alt text
 * between the brackets is the library's, to be made right for this article.
 */
export function InsertPicture({ pictures, format }: { pictures: readonly InsertablePicture[]; format: BodyFormat }): JSX.Element {
  return (
    <details class="insert-picture" id="insert-picture">
      <summary>Insert a picture</summary>
      <p class="hint">
        Copy a picture’s line into the body, on a line of its own, where the picture should appear: it shows with its caption and credit.
        The text in the brackets is its alt text, which says what it shows to readers who cannot see it.{' '}
        <a href="/admin/media">Upload a picture</a>
      </p>
      {pictures.length === 0 ? (
        <p class="muted">The media library has no pictures yet.</p>
      ) : (
        <ul class="insert-picture-list">
          {pictures.map(({ picture, name, status }) => (
            <li>
              <Thumbnail picture={picture} />
              <label for={`insert-picture-${picture.id}`}>
                <span safe>{name}</span>
                {status === 'processing' ? <span class="muted"> (being processed)</span> : ''}
                {status === 'failed' ? <span class="muted"> (could not be processed)</span> : ''}
              </label>
              <input
                type="text"
                class="code"
                id={`insert-picture-${picture.id}`}
                value={bodyPictureSnippet(picture.id, picture.alt, format)}
                readonly
                spellcheck="false"
                data-insert-picture
              />
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
