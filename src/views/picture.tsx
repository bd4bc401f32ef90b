import { fallbackFiles, type DeliveredPicture, type PictureFile } from '../domain/media/delivery.ts';
import { MIME_TYPES } from '../domain/media/pictures.ts';
import { paths } from '../paths/site.ts';
import { attributeText } from './attribute.ts';

/** How a picture sits in the page: which widths the browser should expect, and whether it is the page's lead. */
export interface PictureLayout {
  /** The `sizes` attribute: the width the picture takes at each viewport width. */
  readonly sizes: string;
  /**
   * The page's lead picture is fetched at once and first (`fetchpriority="high"`): it is the
   * largest thing above the fold. Every other picture waits until it nears the viewport.
   */
  readonly lead?: boolean;
  readonly className?: string;
}

/** The column of an article: full width on a phone, 46rem (736 px) at most beyond. */
export const ARTICLE_SIZES = '(min-width: 46rem) 736px, 100vw';

const srcset = (files: readonly PictureFile[]) => files.map((file) => `${paths.mediaFile(file.fileName)} ${file.width}w`).join(', ');

/**
 * A picture as `<picture>`: AVIF and WebP for the browsers that take them, JPEG for every other,
 * each at every width made, so the browser fetches the smallest that fills its slot. `width` and
 * `height` are always set, so the page never moves when it arrives, and its placeholder colour
 * fills the slot meanwhile. Nothing at all while it is being processed; an imported picture not
 * yet brought home is shown from its old address.
 */
export function ResponsivePicture({ picture, layout }: { picture: DeliveredPicture; layout: PictureLayout }): JSX.Element {
  const loading = layout.lead ? 'eager' : 'lazy';
  const priority = layout.lead ? 'high' : undefined;
  // Decoded off the main thread, the lead too: decoded with the page, its AVIF blocked the main
  // thread for 150-250 ms on Lighthouse's slowed-down phone (Total Blocking Time 140 ms -> 18 ms).
  const decoding = 'async';
  if (picture.sources.length === 0) {
    if (!picture.externalUrl) return '';
    return (
      <img
        class={layout.className}
        src={picture.externalUrl}
        alt={attributeText(picture.alt)}
        width={picture.width || undefined}
        height={picture.height || undefined}
        loading={loading}
        fetchpriority={priority}
        decoding={decoding}
      />
    );
  }
  const fallback = fallbackFiles(picture);
  const largest = fallback.at(-1)!;
  // The middle width: what a browser that ignores srcset gets, neither tiny nor huge.
  const src = fallback[Math.floor((fallback.length - 1) / 2)]!;
  return (
    <picture class={layout.className}>
      {picture.sources
        .filter((source) => source.format !== 'jpeg')
        .map((source) => (
          <source type={MIME_TYPES[source.format]} srcset={srcset(source.files)} sizes={layout.sizes} />
        ))}
      <img
        src={paths.mediaFile(src.fileName)}
        srcset={srcset(fallback)}
        sizes={layout.sizes}
        width={largest.width}
        height={largest.height}
        alt={attributeText(picture.alt)}
        loading={loading}
        fetchpriority={priority}
        decoding={decoding}
        style={picture.placeholder ? `background-color:${picture.placeholder}` : undefined}
      />
    </picture>
  );
}

/** A picture with its caption and its credit, as an article shows its lead picture and the figures of its body. */
export function PictureFigure({ picture, layout }: { picture: DeliveredPicture; layout: PictureLayout }): JSX.Element {
  const image = <ResponsivePicture picture={picture} layout={{ sizes: layout.sizes, lead: layout.lead }} />;
  if (!image) return '';
  return (
    <figure class={layout.className ? `picture ${layout.className}` : 'picture'}>
      {image}
      {picture.caption || picture.credit ? (
        <figcaption>
          {picture.caption ? <span safe>{picture.caption}</span> : ''}
          {picture.credit ? (
            <span class="credit" safe>
              {picture.credit}
            </span>
          ) : (
            ''
          )}
        </figcaption>
      ) : (
        ''
      )}
    </figure>
  );
}
