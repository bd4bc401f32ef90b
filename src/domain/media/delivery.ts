import { RENDITION_FORMATS } from './pictures.ts';
import type { MediaStatus, Rendition, RenditionFormat } from './repository.ts';

/** One file of a picture as readers get it. */
export interface PictureFile {
  readonly fileName: string;
  readonly width: number;
  readonly height: number;
  /** The file's size, as a feed's enclosure states it. */
  readonly bytes: number;
}

/**
 * A picture as pages, feeds and structured data show it: its words, its size, and the files made
 * from it. Articles name their featured image, and bodies their figures, by the media row's id;
 * this is what that id delivers.
 */
export interface DeliveredPicture {
  readonly id: number;
  readonly alt: string;
  readonly caption: string;
  /** The photographer or agency, shown beside the caption ("Photo: …" is the editor's to write). */
  readonly credit: string;
  /** The picture's own size once upright; 0 for an imported one whose size was never known. */
  readonly width: number;
  readonly height: number;
  /** `#rrggbb` that holds the picture's place while it loads. */
  readonly placeholder: string | null;
  /** The responsive widths in each format, best format first, narrowest first; empty until first processed. */
  readonly sources: ReadonlyArray<{ readonly format: RenditionFormat; readonly files: readonly PictureFile[] }>;
  /** The 1200x630 crop for Open Graph and Twitter cards. */
  readonly social: PictureFile | null;
  /** The 16:9, 4:3 and 1:1 crops for a news article's JSON-LD `image`. */
  readonly structured: readonly PictureFile[];
  /** An imported picture not yet brought home (or not yet processed): its address on the old site. */
  readonly externalUrl: string | null;
}

/** What storage knows of a media row, whichever kind it is. */
export interface PictureRecord {
  readonly id: number;
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly placeholder: string | null;
  readonly status: MediaStatus | 'external';
  readonly url: string;
  readonly renditions: readonly Rendition[];
}

const fileOf = ({ fileName, width, height, bytes }: Rendition): PictureFile => ({ fileName, width, height, bytes });

/**
 * The picture a media row delivers: an upload's renditions, or an imported picture's old address.
 * A picture being processed again (a new focal point, a replaced file) keeps showing the renditions
 * it has until the new ones take their place, so its articles never lose it meanwhile.
 */
export function deliveredPicture(record: PictureRecord): DeliveredPicture {
  const ready = record.status === 'external' ? [] : record.renditions;
  const responsive = ready.filter((rendition) => rendition.purpose === 'responsive');
  const social = ready.find((rendition) => rendition.purpose === 'social');
  return {
    id: record.id,
    alt: record.alt,
    caption: record.caption,
    credit: record.credit,
    width: record.width ?? 0,
    height: record.height ?? 0,
    placeholder: record.placeholder,
    sources: RENDITION_FORMATS.map((format) => ({
      format,
      files: responsive
        .filter((rendition) => rendition.format === format)
        .sort((a, b) => a.width - b.width)
        .map(fileOf),
    })).filter((source) => source.files.length > 0),
    social: social ? fileOf(social) : null,
    structured: ready.filter((rendition) => rendition.purpose === 'structured').map(fileOf),
    // A picture brought home from the old site keeps that address until its first renditions exist.
    externalUrl: ready.length === 0 && record.url ? record.url : null,
  };
}

/** Whether there is anything to show yet: renditions, or an old address. */
export function isShowable(picture: DeliveredPicture): boolean {
  return picture.sources.length > 0 || picture.externalUrl !== null;
}

/** The JPEG files of the responsive set, narrowest first: the fallback every reader can open. */
export function fallbackFiles(picture: DeliveredPicture): readonly PictureFile[] {
  return picture.sources.find((source) => source.format === 'jpeg')?.files ?? picture.sources.at(-1)?.files ?? [];
}

/** The widest JPEG, for feeds and anything else that takes one file. */
export function largestFile(picture: DeliveredPicture): PictureFile | null {
  return fallbackFiles(picture).at(-1) ?? null;
}

/** Pictures by id, as pages show them (uploads and imported ones alike); an unknown id is absent. */
export interface PictureLookup {
  findPictures(ids: readonly number[]): Promise<Map<number, DeliveredPicture>>;
}
