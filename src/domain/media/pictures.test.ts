import { describe, expect, it } from 'vitest';
import { cropAround, renditionFileName, RENDITION_NAME, responsiveRequests, sniffPictureType } from './pictures.ts';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

describe('sniffPictureType', () => {
  it('knows each accepted format by its first bytes', () => {
    expect(sniffPictureType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffPictureType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffPictureType(bytes('GIF89a'))).toBe('gif');
    expect(sniffPictureType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('webp');
    expect(sniffPictureType(bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'avifmif1miaf'))).toBe('avif');
    // AVIF named only among the compatible brands.
    expect(sniffPictureType(bytes([0, 0, 0, 0x1c], 'ftypmif1', [0, 0, 0, 0], 'mif1avifmiaf'))).toBe('avif');
  });

  it('tells an SVG drawing apart, with or without an XML declaration', () => {
    expect(sniffPictureType(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBe('svg');
    expect(sniffPictureType(bytes([0xef, 0xbb, 0xbf], '  <?xml version="1.0"?>\n<svg width="10">'))).toBe('svg');
  });

  it('knows nothing else, whatever the file was called', () => {
    expect(sniffPictureType(bytes('This is not a photo at all.'))).toBeNull();
    expect(sniffPictureType(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'))).toBeNull();
    expect(sniffPictureType(new Uint8Array())).toBeNull();
  });
});

describe('responsiveRequests', () => {
  it('makes every width of the set the original reaches, in AVIF, WebP and JPEG, never wider', () => {
    const widths = [...new Set(responsiveRequests(1000).map((request) => request.width))];
    expect(widths).toEqual([320, 640, 960]);
    expect(responsiveRequests(1000)).toHaveLength(9);
  });

  it('makes a picture narrower than the smallest width at its own width', () => {
    expect(responsiveRequests(200).map((request) => request.width)).toEqual([200, 200, 200]);
  });
});

describe('cropAround', () => {
  const social = { width: 1200, height: 630 };

  it('centres the crop on the focal point', () => {
    expect(cropAround({ width: 2400, height: 2400 }, social, { x: 0.5, y: 0.5 })).toEqual({
      scaledWidth: 1200,
      scaledHeight: 1200,
      left: 0,
      top: 285,
    });
  });

  it('moves the crop inwards when the point is near an edge', () => {
    expect(cropAround({ width: 2400, height: 2400 }, social, { x: 0.5, y: 0.02 }).top).toBe(0);
    expect(cropAround({ width: 2400, height: 2400 }, social, { x: 0.5, y: 0.98 }).top).toBe(570);
  });
});

describe('renditionFileName', () => {
  it('names a file by its size and the hash of its bytes, as /media/ accepts', () => {
    const name = renditionFileName({ width: 640, height: 427, format: 'jpeg', hash: 'a1b2c3d4e5f6a7b8c9d0' });
    expect(name).toBe('640x427-a1b2c3d4e5f6a7b8c9d0.jpg');
    expect(RENDITION_NAME.test(name)).toBe(true);
    expect(RENDITION_NAME.test('../originals/x.jpg')).toBe(false);
  });
});
