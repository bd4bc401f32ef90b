import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from './support/app.ts';
import { hasGpsPosition, makePhoto, postUpload, processUploads } from './support/media.ts';
import { staffAgent, Agent } from './support/staff.ts';
import { runCli } from './support/cli.ts';
import { validateHtml } from './support/html-checks.ts';
import { mediaServices } from '../src/media/services.ts';

let site: TestSite;
afterEach(() => site.close());

/** The message shown beside the upload form's file field. */
function fileFieldError(html: string): string {
  return /id="file-error"[^>]*>([^<]*)</.exec(html)?.[1] ?? '';
}

/** A PNG of random pixels, which no compression shrinks: about 3 bytes a pixel. */
function noisePng(side: number): Promise<Buffer> {
  const pixels = Buffer.alloc(side * side * 3).map(() => Math.floor(Math.random() * 256));
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
    .png()
    .toBuffer();
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

async function expectNothingStored(): Promise<void> {
  const { store } = site.runtime.deps;
  expect((await store.library.list({ limit: 10, offset: 0 })).total).toBe(0);
  expect((await store.outbox.countByState()).pending).toBe(0);
  expect(filesUnder(site.config.media.dir)).toEqual([]);
  // Nor is the upload left in the temporary folder it streamed to.
  expect(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('broadsheet-upload-'))).toEqual([]);
}

describe('uploading a picture', () => {
  it('stores a contributor’s photo, makes its renditions off the request, and serves them without EXIF or GPS for a year', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'contributor');
    await agent.get('/admin/media');
    // Taken sideways: EXIF orientation 6 turns a 2000 × 1500 frame into a 1500 × 2000 portrait.
    const photo = await makePhoto(2000, 1500, { gps: true, orientation: 6 });
    const sent = await sharp(photo).metadata();
    expect(hasGpsPosition(sent.exif)).toBe(true);
    expect(sent.orientation).toBe(6);

    const response = await postUpload(site, agent, { name: 'harbour at dawn.jpg', type: 'application/octet-stream', data: photo });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/media');
    const [id] = await site.runtime.deps.store.library.listIds();
    expect((await site.runtime.deps.store.library.findById(id!))?.status).toBe('processing');

    await processUploads(site);
    const item = (await site.runtime.deps.store.library.findById(id!))!;
    expect(item.status).toBe('ready');
    expect([item.width, item.height]).toEqual([1500, 2000]);
    expect(item.placeholder).toMatch(/^#[0-9a-f]{6}$/);
    const responsive = item.renditions.filter((rendition) => rendition.purpose === 'responsive');
    expect([...new Set(responsive.map((rendition) => rendition.width))]).toEqual([320, 640, 960, 1280]);
    expect(new Set(responsive.map((rendition) => rendition.format))).toEqual(new Set(['avif', 'webp', 'jpeg']));
    expect(item.renditions.filter((rendition) => rendition.purpose === 'social')).toMatchObject([{ width: 1200, height: 630 }]);

    for (const rendition of item.renditions) {
      const served = await site.app.inject({ method: 'GET', url: `/media/${rendition.fileName}` });
      expect(served.statusCode, rendition.fileName).toBe(200);
      expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(served.headers['content-type']).toBe({ avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' }[rendition.format]);
      const metadata = await sharp(served.rawPayload).metadata();
      expect(metadata.exif, rendition.fileName).toBeUndefined();
      expect(hasGpsPosition(metadata.exif)).toBe(false);
      expect(metadata.xmp).toBeUndefined();
      expect(metadata.orientation).toBeUndefined();
      expect([metadata.width, metadata.height]).toEqual([rendition.width, rendition.height]);
      expect(served.rawPayload.includes('Harbour Camera Co')).toBe(false);
      // A portrait stays upright: every responsive rendition is taller than wide.
      if (rendition.purpose === 'responsive') expect(rendition.height).toBeGreaterThan(rendition.width);
    }

    // Static files, like /assets/: never stored in the page cache, whoever asks.
    const again = await site.app.inject({ method: 'GET', url: `/media/${item.renditions[0]!.fileName}` });
    expect(again.headers['x-cache']).toBeUndefined();
    // The original is private, and a name /media/ does not make is unknown.
    expect((await site.app.inject({ method: 'GET', url: `/media/${path.basename(item.originalKey)}` })).statusCode).toBe(404);
    expect((await site.app.inject({ method: 'GET', url: '/media/640x480-0123456789abcdef0123.jpg' })).statusCode).toBe(404);

    const library = await agent.get('/admin/media');
    expect(library.body).toContain('harbour at dawn.jpg');
    expect(library.body).toContain('1500 × 2000');
    expect(library.body).toContain('Ready');
    expect(library.body).toContain(`/media/${responsive.find((r) => r.format === 'jpeg')!.fileName}`);
    expect(await validateHtml([{ name: 'media library', html: library.body }])).toEqual([]);
  });

  it('refuses a file called photo.jpg that holds text, beside the file field, and stores nothing', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'contributor');
    await agent.get('/admin/media');
    const response = await postUpload(site, agent, {
      name: 'photo.jpg',
      type: 'image/jpeg',
      data: Buffer.from('Not a photo, just words.\n'),
    });
    expect(response.statusCode).toBe(422);
    expect(fileFieldError(response.body)).toContain('“photo.jpg” is not a picture this site can use');
    expect(response.body).toMatch(/<input type="file"[^>]*aria-invalid="true"/);
    expect(await validateHtml([{ name: 'refused upload', html: response.body }])).toEqual([]);
    await expectNothingStored();
  });

  it('refuses an SVG drawing', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'editor');
    await agent.get('/admin/media');
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const response = await postUpload(site, agent, { name: 'chart.png', type: 'image/png', data: svg });
    expect(response.statusCode).toBe(422);
    expect(fileFieldError(response.body)).toContain('SVG drawings are not accepted');
    await expectNothingStored();
  });

  it('refuses a picture with a side over the limit, and one with too many pixels, each with its message', async () => {
    site = await startTestSite({ env: { MEDIA_MAX_SIDE: '2000', MEDIA_MAX_MEGAPIXELS: '1' } });
    const { agent } = await staffAgent(site, 'contributor');
    await agent.get('/admin/media');
    const wide = await postUpload(site, agent, { name: 'panorama.jpg', type: 'image/jpeg', data: await makePhoto(2400, 300) });
    expect(wide.statusCode).toBe(422);
    expect(fileFieldError(wide.body)).toContain('The picture is 2,400 × 300 pixels; each side may be at most 2,000');
    const large = await postUpload(site, agent, {
      name: 'big.png',
      type: 'image/png',
      data: await makePhoto(1100, 1000, { format: 'png' }),
    });
    expect(large.statusCode).toBe(422);
    expect(fileFieldError(large.body)).toContain('The picture has 1.1 megapixels; the most accepted is 1');
    await expectNothingStored();
  });

  it('refuses a file over the byte limit without writing more than the limit', async () => {
    site = await startTestSite({ env: { MEDIA_MAX_MB: '1' } });
    const { agent } = await staffAgent(site, 'contributor');
    await agent.get('/admin/media');
    const noise = await noisePng(800);
    expect(noise.length).toBeGreaterThan(1_000_000);
    const response = await postUpload(site, agent, { name: 'noise.png', type: 'image/png', data: noise });
    expect(response.statusCode).toBe(422);
    expect(fileFieldError(response.body)).toContain('larger than 1 MB');
    await expectNothingStored();
  });

  it('takes a file larger than the newsroom’s 2 MiB form limit: the upload is streamed, not read as a form', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'author');
    await agent.get('/admin/media');
    const noise = await noisePng(1000);
    expect(noise.length).toBeGreaterThan(2 * 1024 * 1024);
    expect((await postUpload(site, agent, { name: 'noise.png', type: 'image/png', data: noise })).statusCode).toBe(303);
    const { items } = await site.runtime.deps.store.library.list({ limit: 10, offset: 0 });
    expect(items).toMatchObject([{ originalName: 'noise.png', type: 'png', byteSize: noise.length, width: 1000, height: 1000 }]);
    expect(await mediaServices(site.config).storage.exists('originals', items[0]!.originalKey)).toBe(true);
  });

  it('refuses an upload without the form’s CSRF token, and keeps nothing of it', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'contributor');
    await agent.get('/admin/media');
    agent.csrfToken = 'not-the-token';
    const response = await postUpload(site, agent, { name: 'x.jpg', type: 'image/jpeg', data: await makePhoto(400, 300) });
    expect(response.statusCode).toBe(403);
    await expectNothingStored();
  });

  it('sends a visitor without a session to sign in, and stores nothing they send', async () => {
    site = await startTestSite();
    const visitor = new Agent(site);
    const page = await visitor.get('/admin/media');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/admin/sign-in?next=${encodeURIComponent('/admin/media')}`);
    const upload = await postUpload(site, visitor, { name: 'x.jpg', type: 'image/jpeg', data: await makePhoto(400, 300) });
    expect(upload.statusCode).toBe(401);
    await expectNothingStored();
  });
});

describe('processing', () => {
  it('marks a picture failed, with the reason, when its original cannot be read, and shows it in the library', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'editor');
    await agent.get('/admin/media');
    expect((await postUpload(site, agent, { name: 'lost.jpg', type: 'image/jpeg', data: await makePhoto(400, 300) })).statusCode).toBe(303);
    const [id] = await site.runtime.deps.store.library.listIds();
    const item = (await site.runtime.deps.store.library.findById(id!))!;
    await mediaServices(site.config).storage.delete('originals', item.originalKey);

    await processUploads(site);
    const failed = (await site.runtime.deps.store.library.findById(id!))!;
    expect(failed.status).toBe('failed');
    expect(failed.failure).toContain('original file');
    expect(failed.renditions).toEqual([]);
    // The outbox keeps the job, to try again later.
    expect((await site.runtime.deps.store.outbox.countByState()).pending).toBe(1);
    const library = await agent.get('/admin/media');
    expect(library.body).toContain('Failed');
    expect(library.body).toContain('is missing from media storage');
  });
});

describe('broadsheet media reprocess', () => {
  it('makes a deleted rendition again from the kept original', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'contributor');
    await agent.get('/admin/media');
    expect(
      (
        await postUpload(site, agent, {
          name: 'C:\\Users\\me\\ferry.png',
          type: 'image/png',
          data: await makePhoto(700, 500, { format: 'png' }),
        })
      ).statusCode,
    ).toBe(303);
    await processUploads(site);
    const [id] = await site.runtime.deps.store.library.listIds();
    const before = (await site.runtime.deps.store.library.findById(id!))!;
    const lost = before.renditions.find((rendition) => rendition.format === 'webp')!;
    await mediaServices(site.config).storage.delete('renditions', lost.fileName);
    expect((await site.app.inject({ method: 'GET', url: `/media/${lost.fileName}` })).statusCode).toBe(404);

    const result = await runCli(site.dataDir, ['media', 'reprocess']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`[1/1] “ferry.png”: ${before.renditions.length} renditions`);
    expect(result.stdout).toContain('Reprocessed 1 picture.');
    const served = await site.app.inject({ method: 'GET', url: `/media/${lost.fileName}` });
    expect(served.statusCode).toBe(200);
    expect((await sharp(served.rawPayload).metadata()).format).toBe('webp');
  });
});
