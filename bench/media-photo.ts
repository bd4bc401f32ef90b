/**
 * The photos the `media` part processes: made by sharp, never downloaded. A gradient sky over a
 * darker ground, with grain over all of it, so the JPEG compresses about as a camera's photo does
 * (a few bytes a pixel at quality 90, not the kilobytes of a flat fill), and a camera's EXIF with
 * a GPS position that no rendition may keep.
 */
import sharp from 'sharp';

export async function makeBenchPhoto(file: string, width: number, height: number, hue: number): Promise<number> {
  const sky = `hsl(${hue}, 60%, 70%)`;
  const ground = `hsl(${(hue + 140) % 360}, 45%, 30%)`;
  const scene = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
        <stop offset="0" stop-color="${sky}"/><stop offset="0.55" stop-color="#fdf0d5"/><stop offset="0.56" stop-color="${ground}"/><stop offset="1" stop-color="#1d1d1d"/>
      </linearGradient></defs>
      <rect width="100%" height="100%" fill="url(#g)"/>
      <circle cx="${width * 0.7}" cy="${height * 0.3}" r="${height * 0.12}" fill="#ffd166"/>
      <path d="M0 ${height * 0.56} L${width * 0.3} ${height * 0.35} L${width * 0.55} ${height * 0.56} Z" fill="${ground}"/>
    </svg>`,
  );
  // Grain at two scales: the fine one a camera's sensor leaves, which a downscale averages away,
  // and a coarse one (foliage, water, fabric) that every rendition still has to encode.
  const noise = (w: number, h: number, sigma: number) =>
    sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma } } });
  const coarse = await noise(Math.round(width / 8), Math.round(height / 8), 48)
    .png({ compressionLevel: 0 })
    .toBuffer();
  const grain = await noise(width, height, 16)
    .composite([
      { input: await sharp(coarse).resize(width, height, { kernel: 'cubic' }).png({ compressionLevel: 0 }).toBuffer(), blend: 'overlay' },
    ])
    .png({ compressionLevel: 0 })
    .toBuffer();
  const { size } = await sharp(scene)
    .composite([{ input: grain, blend: 'soft-light' }])
    .withExif({
      IFD0: { Make: 'Harbour Camera Co', Model: 'Ledger One', Copyright: 'Bench photographer' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '22/1 17/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '114/1 9/1 0/1' },
    })
    .jpeg({ quality: 90 })
    .toFile(file);
  return size;
}
