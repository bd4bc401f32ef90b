import sharp from 'sharp';
import type { LightMyRequestResponse } from 'fastify';
import type { TestSite } from './app.ts';
import type { Agent } from './staff.ts';
import { createOutboxWorker } from '../../src/outbox/worker.ts';
import { outboxHandlers } from '../../src/outbox/handlers.ts';
import { mediaServices } from '../../src/media/services.ts';

/** A photo made by sharp: a gradient, `width` × `height`, with a GPS position and a camera's EXIF when `gps` is set. */
export async function makePhoto(
  width: number,
  height: number,
  options: { format?: 'jpeg' | 'png'; gps?: boolean; orientation?: number } = {},
): Promise<Buffer> {
  let image = sharp({ create: { width, height, channels: 3, background: { r: 30, g: 110, b: 160 } } }).composite([
    {
      input: Buffer.from(
        `<svg width="${width}" height="${height}"><circle cx="${width / 3}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#e8b04a"/></svg>`,
      ),
    },
  ]);
  if (options.gps) {
    image = image.withExif({
      IFD0: { Make: 'Harbour Camera Co', Model: 'Ledger One', Copyright: 'Staff photographer' },
      // libvips numbers the GPS directory IFD3 (IFD2 is the EXIF one).
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '22/1 17/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '114/1 9/1 0/1' },
    });
  }
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  return options.format === 'png' ? image.png().toBuffer() : image.jpeg().toBuffer();
}

/** Sends the media library's upload form as a browser does: multipart, with the CSRF token the agent last saw. */
export async function postUpload(
  site: TestSite,
  agent: Agent,
  file: { name: string; type: string; data: Buffer },
): Promise<LightMyRequestResponse> {
  const boundary = `----broadsheet${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${agent.csrfToken}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return site.app.inject({
    method: 'POST',
    url: '/admin/media',
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookieHeader },
  });
}

/** Runs the outbox's worker, with the media handler, until no job is due. */
export async function processUploads(site: TestSite): Promise<void> {
  const worker = createOutboxWorker({
    deps: site.runtime.deps,
    handlers: outboxHandlers(site.config, site.runtime.deps, mediaServices(site.config)),
  });
  await worker.drain();
}

/** Whether EXIF data points to a GPS directory (tag 0x8825, in either byte order). */
export function hasGpsPosition(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const littleEndian = exif.includes(Buffer.from('II*\0', 'latin1'));
  return exif.includes(Buffer.from(littleEndian ? [0x25, 0x88] : [0x88, 0x25]));
}
