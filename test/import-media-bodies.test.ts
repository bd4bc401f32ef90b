import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestSite } from './support/app.ts';
import { EMPTY, importSandbox, picturesOf } from './support/import-media.ts';
import { REPO_ROOT, runCli } from './support/cli.ts';
import { makePhoto } from './support/media.ts';

// Pictures that bodies show but that the export never listed as media (Ghost's body images,
// WordPress files that were never attachments) are brought home like the listed ones.

const { dataDir, site } = importSandbox();

async function writePhoto(root: string, relative: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), await makePhoto(800, 600));
}

async function mediaRows(started: TestSite) {
  return started.runtime.db.selectFrom('media').select(['id', 'url', 'alt', 'status']).orderBy('id').execute();
}

/** A WordPress export of one post whose body shows an upload that is no attachment, another site's picture and a missing upload. */
function wxr(base: string): string {
  const uploads = `${base}/wp-content/uploads/2020/01`;
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
  <item>
    <title>The night market reopens</title>
    <link>${base}/2020/01/night-market/</link>
    <guid isPermaLink="false">${base}/?p=30</guid>
    <dc:creator><![CDATA[desk]]></dc:creator>
    <content:encoded><![CDATA[Stalls are back.

<img class="alignnone" src="${uploads}/market.jpg" alt="Stalls &amp; lanterns" width="800" height="600" />

<img src="/wp-content/uploads/2020/01/market.jpg" alt="Again, root-relative" />

<img src="https://elsewhere.example/wp-content/uploads/2020/01/borrowed.jpg" alt="Someone else's" />

<img src="${uploads}/missing.jpg" alt="Never copied" />]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>30</wp:post_id>
    <wp:post_date_gmt>2020-01-02 08:00:00</wp:post_date_gmt>
    <wp:post_modified_gmt>2020-01-02 08:00:00</wp:post_modified_gmt>
    <wp:post_name>night-market</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>
`;
}

describe('broadsheet import wordpress --media-from, pictures only bodies show', () => {
  it('brings an upload that was never an attachment home, points the body at it, and a rerun adds no row', async () => {
    const dir = dataDir();
    const uploads = path.join(dir, 'old-uploads');
    await writePhoto(uploads, '2020/01/market.jpg');
    const file = path.join(dir, 'export.xml');
    fs.writeFileSync(file, wxr('https://old.example'));
    const reportFile = path.join(dir, 'report.json');
    const args = ['import', 'wordpress', file, '--media-from', uploads, '--report', reportFile];

    const result = await runCli(dir, args, EMPTY);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(picturesOf(reportFile)).toMatchObject({
      broughtHome: 1,
      bodiesRewritten: 1,
      notFound: [{ url: 'https://old.example/wp-content/uploads/2020/01/missing.jpg' }],
    });

    const again = await runCli(dir, args, EMPTY);
    expect(again.code).toBe(0);
    expect(picturesOf(reportFile)).toMatchObject({
      broughtHome: 0,
      notFound: [{ url: 'https://old.example/wp-content/uploads/2020/01/missing.jpg' }],
    });

    const started = await site(dir);
    const rows = await mediaRows(started);
    // One row per upload, however many times and spellings the body shows it; none for another site's picture.
    expect(rows.map(({ url, alt, status }) => ({ url, alt, status }))).toEqual([
      { url: 'https://old.example/wp-content/uploads/2020/01/market.jpg', alt: 'Stalls & lanterns', status: 'processing' },
      { url: 'https://old.example/wp-content/uploads/2020/01/missing.jpg', alt: 'Never copied', status: 'external' },
    ]);
    const market = rows[0]!;
    const article = (await started.runtime.deps.store.articles.findBySlug('night-market'))!;
    expect(article.bodySource).toContain(`<img src="media:${market.id}" alt="Stalls &amp; lanterns">`);
    expect(article.bodySource).toContain(`<img src="media:${market.id}" alt="Again, root-relative">`);
    expect(article.bodySource).toContain('src="https://elsewhere.example/wp-content/uploads/2020/01/borrowed.jpg"');
    expect(article.bodySource).toContain('src="https://old.example/wp-content/uploads/2020/01/missing.jpg"');
    expect(article.bodyHtml).toContain('<figure');
  });
});

/** The Ghost fixture with the site's address, and bodies showing pictures its export does not list. */
function ghostExport(dir: string): string {
  const data = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/ghost/site.json'), 'utf8')) as {
    db: Array<{ data: { posts: Array<{ slug: string; html: string | null }>; settings: Array<Record<string, unknown>> } }>;
  };
  const { posts, settings } = data.db[0]!.data;
  settings.push({
    id: '65a1f0c2e4b0a1b2c3d409ff',
    group: 'site',
    key: 'url',
    value: 'https://courier.example',
    type: 'string',
    flags: null,
  });
  const post = posts.find((p) => p.slug === 'night-minibus-routes-extended')!;
  post.html +=
    '<figure class="kg-card kg-image-card"><img src="__GHOST_URL__/content/images/size/w600/2024/05/minibus-stop.jpg" ' +
    'srcset="__GHOST_URL__/content/images/size/w600/2024/05/minibus-stop.jpg 600w" class="kg-image" alt="The stop, smaller"></figure>';
  const page = posts.find((p) => p.slug === 'about')!;
  page.html = `${page.html ?? ''}<p><img src="__GHOST_URL__/content/images/2024/01/newsroom.jpg" alt="Our newsroom"></p>`;
  const file = path.join(dir, 'ghost.json');
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('broadsheet import ghost --media-from, body pictures', () => {
  it('brings body pictures home as their originals, points the bodies at them, and a rerun adds no row', async () => {
    const dir = dataDir();
    const images = path.join(dir, 'content-images');
    await writePhoto(images, '2024/05/minibus-night.jpg');
    await writePhoto(images, '2024/05/minibus-stop.jpg');
    await writePhoto(images, '2024/01/newsroom.jpg');
    const reportFile = path.join(dir, 'report.json');
    const args = ['import', 'ghost', ghostExport(dir), '--media-from', images, '--report', reportFile];

    const result = await runCli(dir, args, EMPTY);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(picturesOf(reportFile)).toMatchObject({ broughtHome: 3, notFound: [] });

    const again = await runCli(dir, args, EMPTY);
    expect(again.code).toBe(0);
    expect(picturesOf(reportFile)).toMatchObject({ broughtHome: 0, notFound: [] });

    const started = await site(dir);
    const rows = await mediaRows(started);
    expect(rows).toHaveLength(3);
    const byUrl = new Map(rows.map((row) => [row.url, row]));
    const stop = byUrl.get('https://courier.example/content/images/2024/05/minibus-stop.jpg')!;
    const newsroom = byUrl.get('https://courier.example/content/images/2024/01/newsroom.jpg')!;
    expect(stop).toMatchObject({ alt: 'A minibus stop at night', status: 'processing' });
    expect(newsroom).toMatchObject({ alt: 'Our newsroom', status: 'processing' });

    const article = (await started.runtime.deps.store.articles.findBySlug('night-minibus-routes-extended'))!;
    expect(article.bodySource).toContain(`<img src="media:${stop.id}" alt="A minibus stop at night">`);
    expect(article.bodySource).toContain(`<img src="media:${stop.id}" alt="The stop, smaller">`);
    expect(article.bodySource).not.toContain('/content/images/');
    expect(article.bodyHtml).toContain('<figure');
    const shown = await started.runtime.db
      .selectFrom('article_body_media')
      .select('media_id')
      .where('article_id', '=', article.id)
      .execute();
    expect(shown).toEqual([{ media_id: stop.id }]);

    const about = (await started.runtime.deps.store.pages.findBySlug('about'))!;
    expect(about.bodySource).toContain(`<img src="media:${newsroom.id}" alt="Our newsroom">`);
    expect(about.bodyHtml).toContain('<figure');
  });
});
