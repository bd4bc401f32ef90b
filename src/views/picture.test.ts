import { describe, expect, it } from 'vitest';
import { deliveredPicture } from '../domain/media/delivery.ts';
import type { Rendition } from '../domain/media/repository.ts';
import { PictureFigure, ResponsivePicture } from './picture.tsx';

const HASH = 'abcdef0123456789abcd';
const responsive = (format: Rendition['format'], width: number): Rendition => ({
  purpose: 'responsive',
  format,
  width,
  height: (width * 3) / 4,
  fileName: `${width}x${(width * 3) / 4}-${HASH}.${format === 'jpeg' ? 'jpg' : format}`,
  bytes: 1000,
});

const picture = deliveredPicture({
  id: 3,
  alt: 'Lanterns over the "old" pier &amp; more',
  caption: 'Mid-Autumn <night>',
  credit: 'Photo: Ann & Bo',
  width: 1200,
  height: 800,
  placeholder: '#203040',
  status: 'ready',
  url: '',
  renditions: (['avif', 'webp', 'jpeg'] as const).flatMap((format) => [responsive(format, 320), responsive(format, 960)]),
});

describe('a responsive picture', () => {
  it('offers AVIF and WebP before the JPEG, at every width, with its size set and its placeholder colour', async () => {
    const html = await ResponsivePicture({ picture, layout: { sizes: '100vw' } });
    expect(html).toContain(
      `<source type="image/avif" srcset="/media/320x240-${HASH}.avif 320w, /media/960x720-${HASH}.avif 960w" sizes="100vw"/>`,
    );
    expect(html).toMatch(/<source type="image\/webp" srcset="[^"]+" sizes="100vw"\/>/);
    expect(html).toMatch(
      /<img src="\/media\/320x240-[0-9a-f]+\.jpg" srcset="[^"]+ 320w, [^"]+ 960w" sizes="100vw" width="960" height="720"/,
    );
    // Typed `&amp;` stays as typed, not decoded to `&`.
    expect(html).toContain('alt="Lanterns over the &#34;old&#34; pier &amp;amp; more"');
    expect(html).toContain('loading="lazy"');
    expect(html).toContain('decoding="async"');
    expect(html).toContain('style="background-color:#203040"');
    expect(html).not.toContain('fetchpriority');
  });

  it('is fetched at once and first when it leads the page', async () => {
    const html = await ResponsivePicture({ picture, layout: { sizes: '100vw', lead: true } });
    expect(html).toContain('loading="eager" fetchpriority="high"');
  });

  it('carries its caption and credit, escaped, in a figure', async () => {
    const html = await PictureFigure({ picture, layout: { sizes: '100vw', className: 'lead-image' } });
    expect(html).toMatch(/^<figure class="picture lead-image"><picture>/);
    expect(html).toContain(
      '<figcaption><span>Mid-Autumn &lt;night></span><span class="credit">Photo: Ann &amp; Bo</span></figcaption></figure>',
    );
  });

  it('is nothing at all while its renditions are being made', async () => {
    const processing = { ...picture, sources: [] };
    expect(await PictureFigure({ picture: processing, layout: { sizes: '100vw' } })).toBe('');
  });
});
