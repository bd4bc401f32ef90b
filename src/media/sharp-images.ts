import sharp, { type Sharp } from 'sharp';
import { cropAround } from '../domain/media/pictures.ts';
import type { PictureTools, RenditionRequest } from '../domain/media/storage.ts';

/** Encoder settings: visually close to the original at a fraction of its bytes; AVIF's effort kept low so a large photo takes seconds, not minutes. */
const ENCODERS = {
  avif: (image: Sharp) => image.avif({ quality: 50, effort: 2 }),
  webp: (image: Sharp) => image.webp({ quality: 78 }),
  // JPEG has no transparency: a PNG's transparent parts become white rather than black.
  jpeg: (image: Sharp) => image.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true }),
} as const;

const hex = (value: number) => Math.round(value).toString(16).padStart(2, '0');

/**
 * The media library's image work, with sharp (libvips). Metadata (EXIF with its GPS position, XMP,
 * IPTC) is never copied into an output: sharp drops it unless asked to keep it (`withMetadata`,
 * `keepExif`), and nothing here asks. The original is decoded and turned upright once; every
 * rendition is made from those pixels.
 */
export function sharpPictureTools(): PictureTools {
  return {
    async inspect(file) {
      try {
        const metadata = await sharp(file).metadata();
        return {
          format: metadata.format,
          width: metadata.autoOrient.width,
          height: metadata.autoOrient.height,
          pages: metadata.pages ?? 1,
        };
      } catch {
        return null;
      }
    },
    async render(original, { focal, requests }) {
      // `rotate()` without an angle applies the EXIF orientation; the first frame of an animation is used.
      const { data, info } = await sharp(original).rotate().raw().toBuffer({ resolveWithObject: true });
      const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
      const { dominant } = await pixels().stats();
      const outputs = [];
      for (const request of requests) outputs.push(await renderOne(pixels(), { width: info.width, height: info.height }, focal, request));
      return { width: info.width, height: info.height, placeholder: `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}`, outputs };
    },
  };
}

async function renderOne(
  image: Sharp,
  size: { width: number; height: number },
  focal: { x: number; y: number },
  request: RenditionRequest,
): Promise<{ width: number; height: number; data: Uint8Array }> {
  let sized: Sharp;
  if (request.height === undefined) {
    sized = image.resize({ width: request.width, withoutEnlargement: true });
  } else {
    const target = { width: request.width, height: request.height };
    const crop = cropAround(size, target, focal);
    sized = image.resize(crop.scaledWidth, crop.scaledHeight, { fit: 'fill' }).extract({ left: crop.left, top: crop.top, ...target });
  }
  const { data, info } = await ENCODERS[request.format](sized).toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}
