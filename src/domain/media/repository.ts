/** Where an uploaded picture stands: its renditions are being made, all made, or could not be. */
export type MediaStatus = 'processing' | 'ready' | 'failed';

/** The picture formats the library accepts, recognised by their content. */
export type PictureType = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

/** The formats renditions are made in: AVIF and WebP for browsers that take them, JPEG for every other. */
export type RenditionFormat = 'avif' | 'webp' | 'jpeg';

/** What a rendition is for: one width of the responsive set, the 1200x630 crop for social cards, or a crop for search engines' structured data. */
export type RenditionPurpose = 'responsive' | 'social' | 'structured';

/** One file made from an original; `fileName` carries a hash of its bytes, so it can be cached for ever. */
export interface Rendition {
  readonly purpose: RenditionPurpose;
  readonly format: RenditionFormat;
  readonly width: number;
  readonly height: number;
  readonly fileName: string;
  readonly bytes: number;
}

/** A point of the picture as fractions of its width and height from the top left; the centre is 0.5, 0.5. */
export interface FocalPoint {
  readonly x: number;
  readonly y: number;
}

/** An uploaded picture of the media library, with the renditions made from it so far. */
export interface MediaItem {
  readonly id: number;
  /** The name the file had on the uploader's computer: shown, never used to store or serve it. */
  readonly originalName: string;
  /** The storage key of the original, kept privately for re-processing. */
  readonly originalKey: string;
  readonly type: PictureType;
  readonly byteSize: number;
  /** After auto-orientation: a portrait photo taken sideways is as tall as it looks. */
  readonly width: number;
  readonly height: number;
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
  readonly focal: FocalPoint;
  /** A `#rrggbb` colour to hold the picture's place while it loads; null until processed. */
  readonly placeholder: string | null;
  readonly status: MediaStatus;
  /** Why processing failed, when it did. */
  readonly failure: string | null;
  readonly uploadedBy: number | null;
  readonly createdAt: Date;
  readonly renditions: readonly Rendition[];
}

/** What an accepted upload stores before any rendition exists. */
export type NewUpload = Pick<
  MediaItem,
  'originalName' | 'originalKey' | 'type' | 'byteSize' | 'width' | 'height' | 'uploadedBy' | 'createdAt'
>;

/** What processing found and made. */
export interface Processed {
  readonly width: number;
  readonly height: number;
  readonly placeholder: string;
  readonly renditions: readonly Rendition[];
}

/**
 * The media library's pictures and their renditions, one aggregate. The `media` table also holds
 * pictures an import left on the old site (no original, no renditions); this repository sees only uploads.
 */
export interface MediaLibraryRepository {
  insertUpload(upload: NewUpload): Promise<number>;
  /**
   * Turns an imported picture (status `external`) into an upload being processed, keeping its id,
   * url, alt text and caption; false when the row is not external (any more).
   */
  adoptExternal(id: number, upload: NewUpload): Promise<boolean>;
  findById(id: number): Promise<MediaItem | null>;
  /** Uploads, newest first. */
  list(input: { limit: number; offset: number }): Promise<{ items: MediaItem[]; total: number }>;
  /** Every upload's id, oldest first, for re-processing. */
  listIds(): Promise<number[]>;
  /** Marks the picture ready and replaces its renditions with `processed.renditions`; call it in a transaction. */
  recordProcessed(id: number, processed: Processed): Promise<void>;
  recordFailed(id: number, reason: string): Promise<void>;
}
