import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { articleFields, articleIdOf, editor, fieldError, inputValue, publicPage, site, store, useEditorSite } from './support/editor.ts';
import { makePhoto, postUpload, processUploads } from './support/media.ts';
import { jsonLdOfType, metaOf } from './support/page-metadata.ts';
import { validateHtml } from './support/html-checks.ts';

useEditorSite();

const get = (url: string) => site.app.inject({ method: 'GET', url });

/** Uploads a photo through the media library and returns its id (still processing). */
async function upload(name: string, width = 1600, height = 1000): Promise<number> {
  await editor.get('/admin/media');
  const response = await postUpload(site, editor, { name, type: 'image/jpeg', data: await makePhoto(width, height) });
  expect(response.statusCode).toBe(303);
  const { items } = await store().library.list({ limit: 1, offset: 0 });
  return items[0]!.id;
}

/** The editor's fields choosing picture `id`, with the words typed for it. */
function pictureFields(id: number, words: { alt?: string; caption?: string; credit?: string } = {}): Record<string, string> {
  return {
    imageId: String(id),
    imageWordsFor: String(id),
    imageAlt: words.alt ?? '',
    imageCaption: words.caption ?? '',
    imageCredit: words.credit ?? '',
  };
}

async function createArticle(overrides: Record<string, string>): Promise<number> {
  await editor.get('/admin/articles/new');
  const response = await editor.post('/admin/articles', articleFields(overrides));
  expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
  return articleIdOf(response);
}

/** The `<img …>` tag inside the first `<picture class="…">` of `className`. */
function imgOf(html: string, className: string): string {
  const picture = new RegExp(`<picture class="${className}">([\\s\\S]*?)</picture>`).exec(html)?.[1] ?? '';
  return /<img [^>]*>/.exec(picture)?.[0] ?? '';
}

describe('choosing a featured picture in the editor', () => {
  it('refuses to publish while the picture has no alt text, beside the alt field, keeping everything typed; a draft saves', async () => {
    const id = await upload('harbour.jpg');
    await editor.get('/admin/articles/new');
    const typed = articleFields({
      headline: 'Ferry pier reopens',
      intent: 'publish',
      ...pictureFields(id, { caption: 'The new pier at dawn.' }),
    });
    const refused = await editor.post('/admin/articles', typed);
    expect(refused.statusCode).toBe(422);
    expect(fieldError(refused.body, 'imageAlt')).toBe(
      'Describe the featured picture for readers who cannot see it: alt text is required to publish. (Drafts may be saved without it.)',
    );
    expect(refused.body).toMatch(/<textarea[^>]*name="imageAlt"[^>]*aria-invalid="true"/);
    expect(inputValue(refused.body, 'headline')).toBe('Ferry pier reopens');
    expect(inputValue(refused.body, 'imageCaption')).toBe('The new pier at dawn.');
    expect(refused.body).toMatch(new RegExp(`<input type="radio" name="imageId" value="${id}" checked`));
    const scheduled = await editor.post('/admin/articles', { ...typed, intent: 'schedule', publishedAt: '2099-01-01T09:00' });
    expect(fieldError(scheduled.body, 'imageAlt')).toContain('alt text is required to publish');
    expect(await store().articles.count()).toBe(0);
    expect(await validateHtml([{ name: 'refused editor', html: refused.body }])).toEqual([]);

    // A draft may wait for its alt text; the picture is still a processing upload, and that is fine.
    const draftId = await createArticle({ ...typed, intent: 'draft' });
    expect((await store().articles.findById(draftId))!.image).toMatchObject({ id, caption: 'The new pier at dawn.', alt: '' });

    const editorPage = await editor.get(`/admin/articles/${draftId}`);
    expect(editorPage.body).toMatch(new RegExp(`<input type="radio" name="imageId" value="${id}" checked`));
    const published = await editor.post(`/admin/articles/${draftId}`, {
      ...articleFields({ headline: 'Ferry pier reopens', intent: 'publish' }),
      baseRevision: inputValue(editorPage.body, 'baseRevision')!,
      ...pictureFields(id, { alt: 'Workers bolt the last plank of the pier', caption: 'The new pier at dawn.', credit: 'Photo: Ana Lima' }),
    });
    expect(published.statusCode, published.body.slice(0, 500)).toBe(303);
    expect(await store().library.findById(id)).toMatchObject({ alt: 'Workers bolt the last plank of the pier', credit: 'Photo: Ana Lima' });
  });

  it('never saves words typed for one picture over another chosen without the script', async () => {
    const first = await upload('first.jpg');
    const second = await upload('second.jpg');
    const articleId = await createArticle({ ...pictureFields(first, { alt: 'A gull on a post' }) });
    const page = await editor.get(`/admin/articles/${articleId}`);
    const saved = await editor.post(`/admin/articles/${articleId}`, {
      ...articleFields(),
      baseRevision: inputValue(page.body, 'baseRevision')!,
      ...pictureFields(first, { alt: 'A gull on a post' }),
      imageId: String(second),
    });
    expect(saved.statusCode).toBe(303);
    expect((await store().articles.findById(articleId))!.image?.id).toBe(second);
    expect(await store().library.findById(second)).toMatchObject({ alt: '' });
    expect(await store().library.findById(first)).toMatchObject({ alt: 'A gull on a post' });
  });

  it('searches the library for the panel’s script, as the panel’s own radio buttons', async () => {
    const harbour = await upload('harbour-at-dawn.jpg');
    await upload('council-chamber.jpg');
    await processUploads(site);
    const found = await editor.get('/admin/media/pictures.json?q=harbour');
    expect(found.statusCode).toBe(200);
    const { pictures } = found.json<{ pictures: Array<{ id: number; html: string }> }>();
    expect(pictures.map((picture) => picture.id)).toEqual([harbour]);
    expect(pictures[0]!.html).toContain(`name="imageId" value="${harbour}"`);
    expect(pictures[0]!.html).toMatch(/<img [^>]*srcset="[^"]+ 320w/);
  });
});

describe('a published article’s featured picture', () => {
  it('leads its page, its listings, its metadata and its feeds', async () => {
    const olderPicture = await upload('market.jpg', 1200, 900);
    const leadPicture = await upload('pier.jpg');
    await processUploads(site);
    await createArticle({
      headline: 'Market hall gets a roof',
      slug: 'market-roof',
      intent: 'publish',
      ...pictureFields(olderPicture, { alt: 'Stalls under scaffolding', credit: 'Photo: Wei Chan' }),
    });
    await createArticle({
      headline: 'Ferry pier reopens',
      slug: 'pier-reopens',
      intent: 'publish',
      ...pictureFields(leadPicture, { alt: 'Workers bolt the last plank', caption: 'The pier at dawn.', credit: 'Photo: Ana Lima' }),
    });

    const page = await publicPage('pier-reopens');
    expect(page.statusCode).toBe(200);
    const lead = /<img [^>]*alt="Workers bolt the last plank"[^>]*>/.exec(page.body)?.[0] ?? '';
    expect(lead).toMatch(/ srcset="[^"]*\/media\/[^" ]+\.jpg 320w/);
    expect(lead).toMatch(/ sizes="[^"]+"/);
    // The widest rendition's size (1280 of a 1600-pixel original): the shape the browser holds the slot at.
    expect(lead).toContain('width="1280"');
    expect(lead).toContain('height="800"');
    expect(lead).toContain('fetchpriority="high"');
    expect(lead).not.toContain('loading="lazy"');
    expect(page.body).toContain('<span class="credit">Photo: Ana Lima</span>');

    const social = (await store().library.findById(leadPicture))!.renditions.find((r) => r.purpose === 'social')!;
    expect(metaOf(page.body, 'og:image')).toEqual([`http://news.test/media/${social.fileName}`]);
    expect(metaOf(page.body, 'og:image:width')).toEqual(['1200']);
    expect(metaOf(page.body, 'og:image:height')).toEqual(['630']);
    expect(metaOf(page.body, 'twitter:image')).toEqual([`http://news.test/media/${social.fileName}`]);
    const images = jsonLdOfType(page.body, 'NewsArticle').image as Array<{ width: number; height: number; url: string }>;
    expect(images.map((image) => [image.width, image.height])).toEqual([
      [1200, 675],
      [1200, 900],
      [1200, 1200],
    ]);

    // The front page: the newest story leads with its picture fetched first; the other waits to be scrolled to.
    const home = await get('/');
    expect(imgOf(home.body, 'teaser-picture')).toContain('fetchpriority="high"');
    const older = /<img [^>]*alt="Stalls under scaffolding"[^>]*>/.exec(home.body)?.[0] ?? '';
    expect(older).toContain('loading="lazy"');
    expect(older).toContain('width="960"');
    expect(older).toContain('height="720"');
    expect(older).toMatch(/ sizes="[^"]*22rem/);
    expect(await validateHtml([{ name: 'home with pictures', html: home.body }])).toEqual([]);
    const tag = await get('/tag/transport');
    // A tag's page has no lead story: its first story's picture fills a phone's first screen, so it is fetched first.
    expect(tag.body).toMatch(/<img [^>]*alt="Workers bolt the last plank"[^>]*fetchpriority="high"/);
    expect(tag.body).toMatch(/<img [^>]*alt="Stalls under scaffolding"[^>]*loading="lazy"/);
    site.clock.advance(60_000);
    const search = await get('/search?q=pier');
    expect(search.body).toMatch(/<picture class="search-picture">[\s\S]*?alt="Workers bolt the last plank"/);

    const largest = (await store().library.findById(leadPicture))!.renditions
      .filter((r) => r.purpose === 'responsive' && r.format === 'jpeg')
      .sort((a, b) => b.width - a.width)[0]!;
    const fileUrl = `http://news.test/media/${largest.fileName}`;
    const rss = (await get('/feed.xml')).body;
    const item = parseRssFeed(rss).items!.find((entry) => entry.title === 'Ferry pier reopens')!;
    expect(item.enclosures).toEqual([{ url: fileUrl, length: largest.bytes, type: 'image/jpeg' }]);
    expect(rss).toContain(
      `<media:content url="${fileUrl}" type="image/jpeg" medium="image" width="${largest.width}" height="${largest.height}" fileSize="${largest.bytes}">`,
    );
    expect(rss).toContain('<media:description type="plain">Workers bolt the last plank</media:description>');
    expect(rss).toContain('<media:credit>Photo: Ana Lima</media:credit>');
    const served = await get(`/media/${largest.fileName}`);
    expect(served.rawPayload.length).toBe(largest.bytes);

    const atom = parseAtomFeed((await get('/feed.atom')).body);
    const entry = atom.entries!.find((e) => e.title?.value === 'Ferry pier reopens')!;
    expect(entry.links).toContainEqual(expect.objectContaining({ rel: 'enclosure', href: fileUrl, length: largest.bytes }));
    const json = parseJsonFeed(JSON.parse((await get('/feed.json')).body));
    expect(json.items!.find((i) => i.title === 'Ferry pier reopens')!.image).toBe(fileUrl);
  });

  it('changes in the listings when its alt text is changed elsewhere: the cached page follows the picture', async () => {
    const id = await upload('pier.jpg');
    await processUploads(site);
    await createArticle({ headline: 'Ferry pier reopens', intent: 'publish', ...pictureFields(id, { alt: 'Workers on the pier' }) });
    expect((await get('/')).body).toContain('alt="Workers on the pier"');
    expect((await get('/')).headers['x-cache']).toBe('HIT');
    await store().library.updateWords(id, { alt: 'The pier from the water', caption: '', credit: '' });
    const after = await get('/');
    expect(after.body).toContain('alt="The pier from the water"');
  });
});
