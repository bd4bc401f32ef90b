import { legacyPathKey } from './legacy-paths.ts';
import { oldUploadAddress, originalOfResized, type OldSite } from './old-uploads.ts';

/** A picture of the library that an old address of a file leads to. */
export interface LibraryPicture {
  readonly id: number;
  /** Its alt text, for an `<img>` that had none. */
  readonly alt: string;
}

/**
 * An `<img>` tag of sanitized HTML, whose attribute values never hold a raw `<` or `>`. Stopping
 * at `<` keeps it linear: `[^>]*` would scan to the end again from every unclosed `<img`.
 */
const IMG_TAG = /<img\b[^<>]*>/gi;
const ATTRIBUTE = /\s([a-z][a-z0-9-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/gi;

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.slice(4).matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

const escapeAttribute = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * The old upload addresses of pictures brought into the library, matched however a body spells
 * them: with or without the old host, percent-escaped or not, or as one of the resized copies the
 * old site made (`photo-1024x683.jpg`, Ghost's `/size/w600/`).
 */
export class PictureAddresses {
  private readonly byKey = new Map<string, LibraryPicture>();

  add(url: string, picture: LibraryPicture): void {
    const key = legacyPathKey(url);
    if (key !== null) this.byKey.set(key, picture);
  }

  get size(): number {
    return this.byKey.size;
  }

  find(src: string): LibraryPicture | null {
    const key = legacyPathKey(src.replaceAll('&amp;', '&'));
    if (key === null) return null;
    const exact = this.byKey.get(key);
    if (exact) return exact;
    const original = originalOfResized(key);
    return original === null ? null : (this.byKey.get(original) ?? null);
  }
}

/** `media:12`: a picture of the library, as a body names it. */
const LIBRARY_SOURCE = /^media:(\d{1,10})$/;

/**
 * An HTML body whose `<img>`s of the old site's pictures now name the library's copy,
 * `<img src="media:ID" alt="…">` (the body renderer makes each a responsive figure). The old
 * `srcset`, sizes and classes go with the old files; the alt text stays, or is the picture's own
 * when the tag had none. `mediaIds` lists every library picture the body now shows, in order,
 * those it named already included. Null when nothing changed.
 */
export function pointImagesAtLibrary(html: string, pictures: PictureAddresses): { html: string; mediaIds: number[] } | null {
  const mediaIds: number[] = [];
  let changed = false;
  const shows = (id: number) => {
    if (!mediaIds.includes(id)) mediaIds.push(id);
  };
  const rewritten = html.replace(IMG_TAG, (tag) => {
    const attributes = attributesOf(tag);
    const src = attributes.get('src') ?? '';
    const named = LIBRARY_SOURCE.exec(src);
    if (named) shows(Number(named[1]));
    const picture = src && !named ? pictures.find(src) : null;
    if (!picture) return tag;
    changed = true;
    shows(picture.id);
    const alt = attributes.get('alt') || escapeAttribute(picture.alt);
    return `<img src="media:${picture.id}" alt="${alt}">`;
  });
  return changed ? { html: rewritten, mediaIds } : null;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', quot: '"', apos: "'", '#39': "'", lt: '<', gt: '>' };
/** The escapes sanitized HTML writes in attribute values; any other stays as written. */
const ENTITY = /&(amp|quot|apos|#39|lt|gt);/g;

/** An old upload a body shows: its whole old address and the alt text its first `<img>` gave it. */
export interface PictureShown {
  readonly url: string;
  readonly alt: string;
}

/**
 * The old site's own uploads an HTML body shows in its `<img>`s, each once, in order: the
 * pictures an export never listed (Ghost lists only feature images; a WordPress body may show a
 * file that was never an attachment). Library pictures (`media:ID`) and other sites' are left out.
 */
export function oldUploadsShownIn(html: string, site: OldSite): PictureShown[] {
  const shown = new Map<string, PictureShown>();
  for (const [tag] of html.matchAll(IMG_TAG)) {
    const attributes = attributesOf(tag);
    const url = oldUploadAddress(attributes.get('src') ?? '', site);
    if (url === null || shown.has(url)) continue;
    shown.set(url, { url, alt: (attributes.get('alt') ?? '').replace(ENTITY, (_, name: string) => ENTITIES[name]!).trim() });
  }
  return [...shown.values()];
}
