import sharp, { type Sharp } from 'sharp';
import { cropAround } from '../domain/media/pictures.ts';
import type { PictureTools, RenditionRequest } from '../domain/media/storage.ts';

/**
 * Encoder settings: visually close to the original at a fraction of its bytes, at the efforts that
 * make a 24-megapixel photo's renditions in about a second of CPU (bench/README.md, "Pictures").
 * AVIF's effort 1 made smaller files than effort 2 in under half the time; WebP's effort 2 costs
 * 3 % in bytes for half the time; mozjpeg's trellis saved 10 % of the fallback JPEGs' bytes (which
 * few browsers fetch) for four times the time.
 */
const ENCODERS = {
  avif: (image: Sharp) => image.avif({ quality: 50, effort: 1 }),
  webp: (image: Sharp) => image.webp({ quality: 78, effort: 2 }),
  // JPEG has no transparency: a PNG's transparent parts become white rather than black.
  jpeg: (image: Sharp) => image.flatten({ background: '#ffffff' }).jpeg({ quality: 80, progressive: true, optimiseCoding: true }),
} as const;

const hex = (value: number) => Math.round(value).toString(16).padStart(2, '0');

/**
 * Renditions are made from a working copy a quarter larger than the largest any of them needs,
 * not from the full original: a 24-megapixel photo shrinks to about 4 megapixels as it is decoded
 * (a JPEG's shrink-on-load decodes at 1/2, 1/4 or 1/8 scale), so every resize after that is cheap
 * and the original's pixels are never held whole. The margin keeps the last resize a real
 * downscale, which is what keeps edges sharp.
 */
const WORKING_MARGIN = 1.25;

// libvips keeps recent operations and their pixels for reuse; a picture's pipelines share nothing
// worth keeping, and that cache would hold tens of megabytes between uploads.
sharp.cache(false);

/**
 * The media library's image work, with sharp (libvips). Metadata (EXIF with its GPS position, XMP,
 * IPTC) is never copied into an output: sharp drops it unless asked to keep it (`withMetadata`,
 * `keepExif`), and nothing here asks. The original is decoded, turned upright and shrunk once, to
 * the working copy; every rendition is made from those pixels.
 */
export function sharpPictureTools(options: { betweenSteps?: () => Promise<void> } = {}): PictureTools {
  // Where the picture process waits while the server holds it (picture-process.ts): before the decode and each rendition.
  const betweenSteps = options.betweenSteps ?? (() => Promise.resolve());
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
      await betweenSteps();
      const { autoOrient } = await sharp(original).metadata();
      const size = { width: autoOrient.width, height: autoOrient.height };
      const scale = Math.min(1, WORKING_MARGIN * Math.max(...requests.map((request) => scaleFor(size, request))));
      // `rotate()` without an angle applies the EXIF orientation; the first frame of an animation is used.
      const { data, info } = await sharp(original)
        .rotate()
        .resize({ width: Math.max(1, Math.round(size.width * scale)), withoutEnlargement: true })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const working = { width: info.width, height: info.height };
      const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
      const { dominant } = await pixels().stats();
      const outputs = [];
      for (const request of requests) {
        await betweenSteps();
        outputs.push(await renderOne(pixels(), working, focal, request));
      }
      return { ...size, placeholder: `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}`, outputs };
    },
  };
}

/** How much of the picture's size a request needs: a width of the responsive set never more than all of it. */
function scaleFor(size: { width: number; height: number }, request: RenditionRequest): number {
  if (request.height === undefined) return Math.min(1, request.width / size.width);
  return Math.max(request.width / size.width, request.height / size.height);
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
