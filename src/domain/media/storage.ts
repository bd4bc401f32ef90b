import type { Readable } from 'node:stream';
import type { PictureType } from './repository.ts';

/**
 * The two areas of media storage: originals are private (kept only to make renditions again);
 * renditions are what readers are served.
 */
export type MediaArea = 'originals' | 'renditions';

/** What to store: a file already on this machine's disk (moved in when it can be), a stream, or bytes. */
export type MediaSource = { readonly path: string } | { readonly stream: Readable } | { readonly data: Uint8Array };

/**
 * Where media files live, by area and key. The filesystem adapter (src/media/fs-storage.ts) keeps
 * them under a folder several instances may share; an object store can implement the same port
 * without any caller changing. Keys are relative, `/`-separated, and chosen by the domain.
 */
export interface MediaStorage {
  put(area: MediaArea, key: string, source: MediaSource): Promise<void>;
  /** The file's bytes as a stream, with its length; null when there is no such file. */
  open(area: MediaArea, key: string): Promise<{ readonly stream: Readable; readonly bytes: number } | null>;
  /** Removes the file; nothing happens when there is none. */
  delete(area: MediaArea, key: string): Promise<void>;
  exists(area: MediaArea, key: string): Promise<boolean>;
}

/** What the image library says of a file: its real format and size, or null when it cannot read it as a picture. */
export interface PictureFacts {
  readonly format: string;
  /** As it is seen: after its EXIF orientation is applied (a portrait taken sideways is taller than wide). */
  readonly width: number;
  readonly height: number;
  /** Frames of an animation; 1 for a still. */
  readonly pages: number;
}

/** One rendition asked for: `height` set means a crop of exactly that size around the focal point. */
export interface RenditionRequest {
  readonly format: 'avif' | 'webp' | 'jpeg';
  readonly width: number;
  readonly height?: number;
}

/** What the image library made: the bytes of each rendition asked for, in order, and facts of the oriented picture. */
export interface RenderedPicture {
  readonly width: number;
  readonly height: number;
  /** `#rrggbb`. */
  readonly placeholder: string;
  readonly outputs: ReadonlyArray<{ readonly width: number; readonly height: number; readonly data: Uint8Array }>;
}

/** The image library (sharp in src/media/sharp-images.ts), behind a port so the rules here stay testable and its choice replaceable. */
export interface PictureTools {
  /** Reads the header of a file on disk; null when it is not a picture the library can decode. */
  inspect(path: string): Promise<PictureFacts | null>;
  /**
   * Turns the original's bytes upright (EXIF orientation), strips its metadata (EXIF, GPS, XMP)
   * from every output, and makes each request; crops are centred on `focal` as far as the picture allows.
   */
  render(
    original: Uint8Array,
    input: { type: PictureType; focal: { x: number; y: number }; requests: readonly RenditionRequest[] },
  ): Promise<RenderedPicture>;
}

/** The limits on an upload, from the configuration (`MEDIA_MAX_MB`, `MEDIA_MAX_MEGAPIXELS`, `MEDIA_MAX_SIDE`). */
export interface UploadLimits {
  readonly maxBytes: number;
  readonly maxPixels: number;
  readonly maxSide: number;
}

/** The media library's outside world: where files are kept, the image library, and the upload limits. */
export interface MediaServices {
  readonly storage: MediaStorage;
  readonly tools: PictureTools;
  readonly limits: UploadLimits;
}
