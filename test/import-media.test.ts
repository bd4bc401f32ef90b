import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { TestSite } from './support/app.ts';
import { EMPTY, importSandbox, picturesOf } from './support/import-media.ts';
import { REPO_ROOT, runCli } from './support/cli.ts';
import { hasGpsPosition, makePhoto, processUploads } from './support/media.ts';

const { dataDir, site, defer } = importSandbox();

/** A WordPress export of one post leading with `harbour.jpg`, showing `ferry.jpg` resized and `gone.jpg` in its body. */
function wxr(base: string): string {
  const uploads = `${base}/wp-content/uploads/2019/05`;
  const attachment = (id: number, name: string, alt: string) => `
  <item>
    <title>${name}</title>
    <link>${base}/?attachment_id=${id}</link>
    <guid isPermaLink="false">${uploads}/${name}</guid>
    <dc:creator><![CDATA[desk]]></dc:creator>
    <content:encoded><![CDATA[]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>${id}</wp:post_id>
    <wp:post_date_gmt>2019-05-01 08:00:00</wp:post_date_gmt>
    <wp:post_modified_gmt>2019-05-01 08:00:00</wp:post_modified_gmt>
    <wp:post_name>${name.replace('.jpg', '')}</wp:post_name>
    <wp:status>inherit</wp:status>
    <wp:post_parent>20</wp:post_parent>
    <wp:post_type>attachment</wp:post_type>
    <wp:attachment_url>${uploads}/${name}</wp:attachment_url>
    <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[${alt}]]></wp:meta_value></wp:postmeta>
  </item>`;
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Gazette</title>
  <link>${base}</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>${base}/</wp:base_site_url>
  <wp:base_blog_url>${base}</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>desk</wp:author_login><wp:author_display_name>The Desk</wp:author_display_name></wp:author>
  ${attachment(10, 'harbour.jpg', 'The harbour at dawn')}
  ${attachment(11, 'ferry.jpg', 'A ferry')}
  ${attachment(12, 'gone.jpg', 'Lost')}
  <item>
    <title>Ferries return to the harbour</title>
    <link>${base}/2019/05/ferries-return/</link>
    <guid isPermaLink="false">${base}/?p=20</guid>
    <dc:creator><![CDATA[desk]]></dc:creator>
    <content:encoded><![CDATA[The ferries are back.

<img class="size-large wp-image-11" src="${uploads}/ferry-640x480.jpg" alt="The morning ferry" width="640" height="480" srcset="${uploads}/ferry-300x225.jpg 300w" />

<img src="${uploads}/gone.jpg" alt="A picture lost long ago" />]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>20</wp:post_id>
    <wp:post_date_gmt>2019-05-02 08:00:00</wp:post_date_gmt>
    <wp:post_modified_gmt>2019-05-02 08:00:00</wp:post_modified_gmt>
    <wp:post_name>ferries-return</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>post</wp:post_type>
    <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>10</wp:meta_value></wp:postmeta>
  </item>
</channel>
</rss>
`;
}

/** A copy of the old site's wp-content/uploads, with two of the three pictures (real JPEGs carrying a GPS position). */
async function uploadsCopy(dir: string): Promise<string> {
  const uploads = path.join(dir, 'old-uploads');
  fs.mkdirSync(path.join(uploads, '2019/05'), { recursive: true });
  fs.writeFileSync(path.join(uploads, '2019/05/harbour.jpg'), await makePhoto(1600, 1000, { gps: true }));
  fs.writeFileSync(path.join(uploads, '2019/05/ferry.jpg'), await makePhoto(800, 600, { gps: true }));
  return uploads;
}

function exportFile(dir: string, base: string): string {
  const file = path.join(dir, 'export.xml');
  fs.writeFileSync(file, wxr(base));
  return file;
}

/** The old site, serving files from `files` by path and counting every request. */
async function oldSite(files: Map<string, Buffer>): Promise<{ base: string; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    const file = files.get(request.url ?? '');
    if (!file) return response.writeHead(404).end('not here');
    response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': file.length }).end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** Follows the old address of a file, as a browser would, to the bytes served in the end. */
async function followToPicture(started: TestSite, oldPath: string, pictureId: number): Promise<Buffer> {
  const moved = await started.app.inject({ method: 'GET', url: oldPath });
  expect(moved.statusCode, oldPath).toBe(301);
  expect(moved.headers.location).toBe(`/media/pictures/${pictureId}`);
  const stable = await started.app.inject({ method: 'GET', url: `/media/pictures/${pictureId}` });
  expect(stable.statusCode).toBe(302);
  expect(stable.headers['cache-control']).toBe('public, max-age=300');
  const file = await started.app.inject({ method: 'GET', url: String(stable.headers.location) });
  expect(file.statusCode).toBe(200);
  expect(file.headers['content-type']).toBe('image/jpeg');
  return file.rawPayload;
}

describe('broadsheet import wordpress --media-from', () => {
  it('brings the pictures it finds into the library in place, lists the missing one, rewrites the body and redirects the old addresses', async () => {
    const dir = dataDir();
    const uploads = await uploadsCopy(dir);
    const reportFile = path.join(dir, 'report.json');
    const file = exportFile(dir, 'https://old.example');
    const result = await runCli(dir, ['import', 'wordpress', file, '--media-from', uploads, '--report', reportFile], EMPTY);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Pictures +2 brought into the media library, 1 not found/);
    expect(result.stdout).toContain('https://old.example/wp-content/uploads/2019/05/gone.jpg: not in');
    const pictures = picturesOf(reportFile);
    expect(pictures).toMatchObject({ broughtHome: 2, bodiesRewritten: 1 });
    expect(pictures.notFound).toEqual([
      {
        url: 'https://old.example/wp-content/uploads/2019/05/gone.jpg',
        reason: `not in ${uploads} (looked for ${path.join(uploads, '2019/05/gone.jpg')})`,
      },
    ]);
    // The copy the operator made is left as it was.
    expect(fs.readdirSync(path.join(uploads, '2019/05')).sort()).toEqual(['ferry.jpg', 'harbour.jpg']);

    const started = await site(dir);
    const { store } = started.runtime.deps;
    const article = (await store.articles.findBySlug('ferries-return'))!;
    const lead = article.image!;
    // The lead image is the same row, now an upload being processed.
    expect((await store.library.findById(lead.id))?.status).toBe('processing');
    const ferry = (await store.library.list({ limit: 10, offset: 0 })).items.find((item) => item.originalName === 'ferry.jpg')!;
    expect(ferry.status).toBe('processing');
    expect(article.bodySource).toContain(`<img src="media:${ferry.id}" alt="The morning ferry">`);
    expect(article.bodySource).not.toContain('ferry-640x480.jpg');
    expect(article.bodySource).toContain('src="https://old.example/wp-content/uploads/2019/05/gone.jpg"');
    // Until its renditions are made, the figure shows the picture from its old address.
    expect(article.bodyHtml).not.toContain('media:');
    expect(article.bodyHtml).toMatch(/<figure class="picture"><img src="https:\/\/old\.example\/wp-content\/uploads\/[^"]*ferry\.jpg"/);
    const shown = await started.runtime.db.selectFrom('article_body_media').selectAll().where('article_id', '=', article.id).execute();
    expect(shown).toEqual([{ article_id: article.id, media_id: ferry.id }]);

    // Not ready yet: the stable address has nothing to send to.
    expect((await started.app.inject({ method: 'GET', url: `/media/pictures/${lead.id}` })).statusCode).toBe(404);
    await processUploads(started);
    const served = await followToPicture(started, '/wp-content/uploads/2019/05/harbour.jpg', lead.id);
    // The largest rendition the 1,600-pixel original reaches.
    expect((await sharp(served).metadata()).width).toBe(1280);
    expect(hasGpsPosition((await sharp(served).metadata()).exif)).toBe(false);
    // A resized copy WordPress made leads to the same picture.
    await followToPicture(started, '/wp-content/uploads/2019/05/harbour-300x188.jpg', lead.id);
    await followToPicture(started, '/wp-content/uploads/2019/05/ferry-640x480.jpg', ferry.id);
    expect((await started.app.inject({ method: 'GET', url: '/wp-content/uploads/2019/05/gone.jpg' })).statusCode).toBe(404);
  });

  it('tries only what is still missing when run again, and brings it home once it is there', async () => {
    const dir = dataDir();
    const uploads = await uploadsCopy(dir);
    const file = exportFile(dir, 'https://old.example');
    const reportFile = path.join(dir, 'report.json');
    const args = ['import', 'wordpress', file, '--media-from', uploads, '--report', reportFile];
    expect((await runCli(dir, args, EMPTY)).code).toBe(0);

    // The found pictures are in the library now; removing them from the copy shows they are not read again.
    fs.rmSync(path.join(uploads, '2019/05/harbour.jpg'));
    fs.rmSync(path.join(uploads, '2019/05/ferry.jpg'));
    const again = await runCli(dir, args, EMPTY);
    expect(again.code).toBe(0);
    expect(picturesOf(reportFile)).toMatchObject({
      broughtHome: 0,
      notFound: [{ url: 'https://old.example/wp-content/uploads/2019/05/gone.jpg' }],
    });

    fs.writeFileSync(path.join(uploads, '2019/05/gone.jpg'), await makePhoto(400, 300));
    const third = await runCli(dir, args, EMPTY);
    expect(third.code).toBe(0);
    expect(picturesOf(reportFile)).toMatchObject({ broughtHome: 1, notFound: [], bodiesRewritten: 1 });

    const started = await site(dir);
    const article = (await started.runtime.deps.store.articles.findBySlug('ferries-return'))!;
    expect(article.bodySource).not.toContain('old.example');
    expect((await started.runtime.deps.store.library.list({ limit: 10, offset: 0 })).total).toBe(3);
  });
});

describe('broadsheet import wordpress --fetch-media', () => {
  it('downloads the pictures from the old site, reports the one it answers 404 for, and a rerun asks only for that one', async () => {
    const files = new Map([
      ['/wp-content/uploads/2019/05/harbour.jpg', await makePhoto(1600, 1000, { gps: true })],
      ['/wp-content/uploads/2019/05/ferry.jpg', await makePhoto(800, 600)],
    ]);
    const old = await oldSite(files);
    const dir = dataDir();
    const reportFile = path.join(dir, 'report.json');
    const args = ['import', 'wordpress', exportFile(dir, old.base), '--fetch-media', '--report', reportFile];
    const env = { ...EMPTY, MEDIA_FETCH_ALLOW_PRIVATE: 'true' };

    const result = await runCli(dir, args, env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(old.requests.sort()).toEqual([
      '/wp-content/uploads/2019/05/ferry.jpg',
      '/wp-content/uploads/2019/05/gone.jpg',
      '/wp-content/uploads/2019/05/harbour.jpg',
    ]);
    expect(picturesOf(reportFile)).toMatchObject({
      broughtHome: 2,
      notFound: [{ url: `${old.base}/wp-content/uploads/2019/05/gone.jpg`, reason: 'the old site answered 404 Not Found' }],
    });

    old.requests.length = 0;
    expect((await runCli(dir, args, env)).code).toBe(0);
    expect(old.requests).toEqual(['/wp-content/uploads/2019/05/gone.jpg']);

    const started = await site(dir);
    await processUploads(started);
    const lead = (await started.runtime.deps.store.articles.findBySlug('ferries-return'))!.image!;
    const served = await followToPicture(started, '/wp-content/uploads/2019/05/harbour.jpg', lead.id);
    expect(hasGpsPosition((await sharp(served).metadata()).exif)).toBe(false);
  });

  it('refuses loopback addresses unless MEDIA_FETCH_ALLOW_PRIVATE allows them, and says so', async () => {
    const old = await oldSite(new Map([['/wp-content/uploads/2019/05/harbour.jpg', await makePhoto(200, 100)]]));
    const dir = dataDir();
    const reportFile = path.join(dir, 'report.json');
    const result = await runCli(dir, ['import', 'wordpress', exportFile(dir, old.base), '--fetch-media', '--report', reportFile], EMPTY);

    expect(result.code).toBe(0);
    expect(old.requests).toEqual([]);
    const { broughtHome, notFound } = picturesOf(reportFile);
    expect(broughtHome).toBe(0);
    expect(notFound).toHaveLength(3);
    expect(notFound[0]!.reason).toBe(
      'refused: 127.0.0.1 is a private or loopback address (set MEDIA_FETCH_ALLOW_PRIVATE=true to allow it)',
    );
    expect(result.stdout).toContain('MEDIA_FETCH_ALLOW_PRIVATE=true');
  });

  it('refuses a name that resolves to loopback, and a file larger than MEDIA_MAX_MB', async () => {
    const big = Buffer.concat([await makePhoto(200, 100), Buffer.alloc(1_200_000)]);
    const old = await oldSite(new Map([['/wp-content/uploads/2019/05/harbour.jpg', big]]));
    const dir = dataDir();
    const reportFile = path.join(dir, 'report.json');
    const port = new URL(old.base).port;
    const byName = await runCli(
      dir,
      ['import', 'wordpress', exportFile(dir, `http://localhost:${port}`), '--fetch-media', '--report', reportFile],
      EMPTY,
    );
    expect(byName.code).toBe(0);
    expect(picturesOf(reportFile).notFound[0]!.reason).toMatch(
      /^refused: localhost is at (127\.0\.0\.1|::1), a private or loopback address/,
    );
    expect(old.requests).toEqual([]);

    const limited = await runCli(
      dir,
      ['import', 'wordpress', exportFile(dir, `http://localhost:${port}`), '--fetch-media', '--report', reportFile],
      {
        ...EMPTY,
        MEDIA_FETCH_ALLOW_PRIVATE: 'true',
        MEDIA_MAX_MB: '1',
      },
    );
    expect(limited.code).toBe(0);
    const harbour = picturesOf(reportFile).notFound.find((entry) => entry.url.endsWith('harbour.jpg'))!;
    expect(harbour.reason).toContain('more than the 1 MB accepted');
  });
});

describe('broadsheet import ghost --media-from', () => {
  it('brings a feature image home from a copy of content/images and redirects its old address', async () => {
    const dir = dataDir();
    const images = path.join(dir, 'content-images');
    fs.mkdirSync(path.join(images, '2024/05'), { recursive: true });
    fs.writeFileSync(path.join(images, '2024/05/minibus-night.jpg'), await makePhoto(1200, 800, { gps: true }));
    const reportFile = path.join(dir, 'report.json');
    const fixture = path.join(REPO_ROOT, 'test/fixtures/ghost/site.json');
    const result = await runCli(dir, ['import', 'ghost', fixture, '--media-from', images, '--report', reportFile], EMPTY);

    expect(result.code).toBe(0);
    // The body's picture, which the export does not list, is looked for too; the copy lacks it. The
    // file names no site address, so its address stays root-relative.
    expect(picturesOf(reportFile)).toMatchObject({ broughtHome: 1, notFound: [{ url: '/content/images/2024/05/minibus-stop.jpg' }] });
    const started = await site(dir);
    await processUploads(started);
    const lead = (await started.runtime.deps.store.articles.findBySlug('night-minibus-routes-extended'))!.image!;
    expect((await started.runtime.deps.store.library.findById(lead.id))?.status).toBe('ready');
    await followToPicture(started, '/content/images/2024/05/minibus-night.jpg', lead.id);
    await followToPicture(started, '/content/images/size/w600/2024/05/minibus-night.jpg', lead.id);
  });

  it('refuses --media-from that is not a folder before reading anything', async () => {
    const dir = dataDir();
    const fixture = path.join(REPO_ROOT, 'test/fixtures/ghost/site.json');
    const result = await runCli(dir, ['import', 'ghost', fixture, '--media-from', path.join(dir, 'nowhere')], EMPTY);
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toContain('--media-from must name a folder');
  });
});
