import type { PictureType, RenditionFormat } from './repository.ts';
import type { PictureFacts, RenditionRequest } from './storage.ts';

/** The widths of the responsive set, in CSS pixels at 1x up to a wide screen at 2x. None is made wider than the original. */
export const RENDITION_WIDTHS: readonly number[] = [320, 640, 960, 1280, 1920];

/** Every responsive width is made in each of these, best first. */
export const RENDITION_FORMATS: readonly RenditionFormat[] = ['avif', 'webp', 'jpeg'];

/** The crop social networks show in a large card (Open Graph and Twitter both ask for 1.91:1 at this size). */
export const SOCIAL_CROP = { width: 1200, height: 630, format: 'jpeg' } as const;

/**
 * The crops a news article's JSON-LD `image` lists: Google asks for 16:9, 4:3 and 1:1, each at
 * least 50,000 pixels, to choose from for its carousels and Discover. All are cut around the focal point.
 */
export const STRUCTURED_CROPS: ReadonlyArray<{ readonly width: number; readonly height: number; readonly format: 'jpeg' }> = [
  { width: 1200, height: 675, format: 'jpeg' },
  { width: 1200, height: 900, format: 'jpeg' },
  { width: 1200, height: 1200, format: 'jpeg' },
];

/** Every crop a picture gets beside its responsive widths, with what each is for. */
export const CROPS: ReadonlyArray<{
  readonly purpose: 'social' | 'structured';
  readonly width: number;
  readonly height: number;
  readonly format: 'jpeg';
}> = [{ purpose: 'social', ...SOCIAL_CROP }, ...STRUCTURED_CROPS.map((crop) => ({ purpose: 'structured' as const, ...crop }))];

/** The outbox job that makes an upload's renditions; its payload is `{ mediaId }`. */
export const MEDIA_PROCESS_JOB = 'media.process';

/**
 * The outbox job that follows a picture's change (new renditions, a new caption, credit or alt)
 * into the article bodies that show it, re-rendering them; its payload is `{ mediaId }`. Written in
 * the same transaction as the change.
 */
export const MEDIA_CHANGED_JOB = 'media.changed';

export const MIME_TYPES: Readonly<Record<PictureType, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

/** The extension a stored file of each format is named with. */
export const EXTENSIONS: Readonly<Record<PictureType, string>> = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif', gif: 'gif' };

/** What the image library may call each type: sharp names AVIF by its container, HEIF. */
const LIBRARY_FORMATS: Readonly<Record<PictureType, readonly string[]>> = {
  jpeg: ['jpeg'],
  png: ['png'],
  webp: ['webp'],
  avif: ['heif', 'avif'],
  gif: ['gif'],
};

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/**
 * The type of a file from its first bytes (at least 64 are needed for AVIF's brands): never from
 * its name or the type the browser claims, which the uploader chooses. `svg` is recognised to be
 * refused with its own message; anything else unknown is null.
 */
export function sniffPictureType(head: Uint8Array): PictureType | 'svg' | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => head[i] === byte)) return 'png';
  if (head.length >= 6 && /^GIF8[79]a$/.test(ascii(head, 0, 6))) return 'gif';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    // An ISO-BMFF file: AVIF when its major brand, or one of the compatible brands that follow, says so.
    const boxSize = Math.min(head.length, ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0);
    for (let at = 8; at + 4 <= boxSize; at += 4) {
      if (at === 12) continue; // the minor version, not a brand
      const brand = ascii(head, at, at + 4);
      if (brand === 'avif' || brand === 'avis') return 'avif';
    }
    return null;
  }
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(head)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('<') && /<svg[\s>]/i.test(text)) return 'svg';
  return null;
}

/** Whether the image library read the file as the type its first bytes claim (a damaged or disguised file is refused). */
export function libraryAgrees(type: PictureType, facts: PictureFacts): boolean {
  return LIBRARY_FORMATS[type].includes(facts.format);
}

/** The responsive renditions of a picture `width` pixels wide: the set's widths it reaches (its own width when narrower than all), in every format. */
export function responsiveRequests(width: number): RenditionRequest[] {
  const reached = RENDITION_WIDTHS.filter((candidate) => candidate <= width);
  const widths = reached.length > 0 ? reached : [width];
  return widths.flatMap((w) => RENDITION_FORMATS.map((format) => ({ format, width: w })));
}

/**
 * The part of a picture scaled to cover `target` that a crop of exactly `target` keeps: centred
 * on the focal point, moved inwards where the point is near an edge. Coordinates are in the
 * scaled picture.
 */
export function cropAround(
  picture: { width: number; height: number },
  target: { width: number; height: number },
  focal: { x: number; y: number },
): { scaledWidth: number; scaledHeight: number; left: number; top: number } {
  const scale = Math.max(target.width / picture.width, target.height / picture.height);
  const scaledWidth = Math.max(target.width, Math.round(picture.width * scale));
  const scaledHeight = Math.max(target.height, Math.round(picture.height * scale));
  const clamp = (value: number, max: number) => Math.min(Math.max(0, value), max);
  return {
    scaledWidth,
    scaledHeight,
    left: clamp(Math.round(focal.x * scaledWidth - target.width / 2), scaledWidth - target.width),
    top: clamp(Math.round(focal.y * scaledHeight - target.height / 2), scaledHeight - target.height),
  };
}

/** A rendition's file name: its size, then a hash of its bytes, so a changed file gets a new name and each can be cached for ever. */
export function renditionFileName(input: { width: number; height: number; format: RenditionFormat; hash: string }): string {
  return `${input.width}x${input.height}-${input.hash}.${EXTENSIONS[input.format]}`;
}

/** Which rendition files may be asked for at /media/: exactly the names `renditionFileName` makes. */
export const RENDITION_NAME = /^\d{1,5}x\d{1,5}-[0-9a-f]{20}\.(avif|webp|jpg)$/;

/** The content type of a rendition file, by its name. */
export function renditionMimeType(fileName: string): string | null {
  const extension = fileName.slice(fileName.lastIndexOf('.') + 1);
  const type = (Object.keys(EXTENSIONS) as PictureType[]).find((candidate) => EXTENSIONS[candidate] === extension);
  return type ? MIME_TYPES[type] : null;
}
