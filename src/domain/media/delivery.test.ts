import { describe, expect, it } from 'vitest';
import { deliveredPicture, isShowable, largestFile, type PictureRecord } from './delivery.ts';
import type { Rendition } from './repository.ts';

const rendition = (purpose: Rendition['purpose'], format: Rendition['format'], width: number, height: number): Rendition => ({
  purpose,
  format,
  width,
  height,
  fileName: `${width}x${height}-${'0'.repeat(20)}.${format === 'jpeg' ? 'jpg' : format}`,
  bytes: width * 10,
});

const record = (overrides: Partial<PictureRecord> = {}): PictureRecord => ({
  id: 7,
  alt: 'A ferry leaving the pier at dusk',
  caption: 'The last crossing',
  credit: 'Ann Lee',
  width: 2400,
  height: 1600,
  placeholder: '#335577',
  status: 'ready',
  url: '',
  renditions: [
    rendition('responsive', 'jpeg', 640, 427),
    rendition('responsive', 'avif', 320, 213),
    rendition('responsive', 'jpeg', 320, 213),
    rendition('responsive', 'webp', 320, 213),
    rendition('social', 'jpeg', 1200, 630),
    rendition('structured', 'jpeg', 1200, 675),
    rendition('structured', 'jpeg', 1200, 1200),
  ],
  ...overrides,
});

describe('a delivered picture', () => {
  it('groups the responsive files by format, best first and narrowest first, and keeps the crops apart', () => {
    const picture = deliveredPicture(record());
    expect(picture.sources.map((source) => [source.format, source.files.map((file) => file.width)])).toEqual([
      ['avif', [320]],
      ['webp', [320]],
      ['jpeg', [320, 640]],
    ]);
    expect(picture.social).toMatchObject({ width: 1200, height: 630 });
    expect(picture.structured.map((file) => file.height)).toEqual([675, 1200]);
    expect(largestFile(picture)).toMatchObject({ width: 640, height: 427 });
    expect(picture.externalUrl).toBeNull();
  });

  it('shows nothing until its first renditions are made', () => {
    const picture = deliveredPicture(record({ status: 'processing', renditions: [] }));
    expect(picture.sources).toEqual([]);
    expect(picture.social).toBeNull();
    expect(isShowable(picture)).toBe(false);
  });

  it('keeps its old address while a picture brought home from the old site is processed', () => {
    const url = 'https://old.example/wp-content/uploads/ferry.jpg';
    expect(deliveredPicture(record({ status: 'processing', url, renditions: [] })).externalUrl).toBe(url);
    expect(deliveredPicture(record({ status: 'ready', url })).externalUrl).toBeNull();
  });

  it('keeps showing the renditions it has while it is processed again (a new focal point, a replaced file)', () => {
    const picture = deliveredPicture(record({ status: 'processing' }));
    expect(largestFile(picture)).toMatchObject({ width: 640 });
    expect(picture.social).toMatchObject({ width: 1200, height: 630 });
  });

  it('is its old address while an imported picture is not yet brought home', () => {
    const picture = deliveredPicture(
      record({ status: 'external', url: 'https://old.example/wp-content/uploads/ferry.jpg', renditions: [], width: null, height: null }),
    );
    expect(picture.externalUrl).toBe('https://old.example/wp-content/uploads/ferry.jpg');
    expect(picture.width).toBe(0);
    expect(isShowable(picture)).toBe(true);
  });
});
