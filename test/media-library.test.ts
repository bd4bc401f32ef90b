import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { MEDIA_CHANGED_JOB, MEDIA_PROCESS_JOB } from '../src/domain/media/pictures.ts';
import { mediaServices } from '../src/media/services.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { validateHtml } from './support/html-checks.ts';
import { makePhoto, processUploads } from './support/media.ts';
import { staffAgent, type Agent } from './support/staff.ts';

let site: TestSite;
afterEach(() => site.close());

/** Sends a file as the library's forms do (multipart, with the CSRF token the agent last saw), to `url`. */
function postFile(
  agent: Agent,
  url: string,
  file: { name: string; data: Buffer },
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const boundary = `----library${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${agent.csrfToken}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return site.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookieHeader, ...headers },
  });
}

/** Uploads a photo through the form's JSON answer (as admin-media.js does) and returns its id. */
async function upload(agent: Agent, name: string, data?: Buffer): Promise<number> {
  await agent.get('/admin/media');
  const response = await postFile(
    agent,
    '/admin/media',
    { name, data: data ?? (await makePhoto(900, 600)) },
    { accept: 'application/json' },
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: number }>().id;
}

const item = async (id: number) => (await site.runtime.deps.store.library.findById(id))!;
const pendingKinds = async () => (await site.runtime.deps.store.outbox.list({ includeDone: false, limit: 100 })).map((job) => job.kind);
const served = async (fileName: string) => (await site.app.inject({ method: 'GET', url: `/media/${fileName}` })).statusCode;
const storage = () => mediaServices(site.config).storage;

/** The text of the message beside a field, or of a form's errors. */
function fieldError(html: string, id: string): string {
  return new RegExp(`id="${id}-error"[^>]*>([^<]*)<`).exec(html)?.[1] ?? '';
}

describe('browsing and searching the library', () => {
  it('finds pictures by file name, alt text, caption and credit, ignoring case, and keeps the search in the pager', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'editor');
    const ferry = await upload(agent, 'DSC_0412 ferry.jpg');
    const market = await upload(agent, 'market.jpg');
    const storm = await upload(agent, 'storm.jpg');
    await agent.get(`/admin/media/${market}`);
    await agent.post(`/admin/media/${market}`, { alt: 'Fish stalls at dawn', caption: '', credit: '' });
    await agent.post(`/admin/media/${storm}`, { alt: '', caption: 'Typhoon signal 8 raised at noon', credit: '' });
    await agent.post(`/admin/media/${ferry}`, { alt: '', caption: '', credit: 'Photo: Ana Lee / 100% Harbour' });

    const names = (html: string) => [...html.matchAll(/class="media-name"[^>]*>([^<]*)</g)].map((match) => match[1]);
    expect(names((await agent.get('/admin/media?q=dsc_04')).body)).toEqual(['DSC_0412 ferry.jpg']);
    expect(names((await agent.get('/admin/media?q=FISH%20STALLS')).body)).toEqual(['market.jpg']);
    expect(names((await agent.get('/admin/media?q=signal%208')).body)).toEqual(['storm.jpg']);
    expect(names((await agent.get('/admin/media?q=ana%20lee')).body)).toEqual(['DSC_0412 ferry.jpg']);
    // % and _ are the searched text, not LIKE's wildcards.
    expect(names((await agent.get('/admin/media?q=100%25')).body)).toEqual(['DSC_0412 ferry.jpg']);
    expect(names((await agent.get('/admin/media?q=_')).body)).toEqual(['DSC_0412 ferry.jpg']);
    const none = await agent.get('/admin/media?q=volcano');
    expect(names(none.body)).toEqual([]);
    expect(none.body).toContain('No picture’s name, alt text, caption or credit contains “volcano”.');
    expect(none.body).toContain('value="volcano"');

    // A second page of matches: its links keep the search.
    for (let n = 0; n < 25; n++) {
      await site.runtime.deps.store.library.insertUpload({
        originalName: `harbour-${n}.jpg`,
        originalKey: `2026/12/harbour-${n}.jpg`,
        type: 'jpeg',
        byteSize: 1000,
        width: 800,
        height: 600,
        uploadedBy: null,
        createdAt: site.clock.now(),
      });
    }
    const first = await agent.get('/admin/media?q=Harbour');
    expect(first.body).toContain('value="Harbour"');
    expect(first.body).toContain('href="/admin/media?q=Harbour&page=2"');
    const second = await agent.get('/admin/media?q=Harbour&page=2');
    expect(names(second.body)).toHaveLength(2);
    expect(second.body).toContain('href="/admin/media?q=Harbour"');
    expect(await validateHtml([{ name: 'media search', html: first.body }])).toEqual([]);
  });

  it('lists each picture with its thumbnail in every format, size, words, status and uploader', async () => {
    site = await startTestSite();
    const { agent, user } = await staffAgent(site, 'contributor');
    const id = await upload(agent, 'quay.jpg');
    expect((await agent.get('/admin/media')).body).toContain('Processing');
    await processUploads(site);
    const page = await agent.get('/admin/media');
    const thumb = (await item(id)).renditions.find((r) => r.purpose === 'responsive' && r.format === 'avif' && r.width === 320)!;
    expect(page.body).toContain(`/media/${thumb.fileName} 320w`);
    expect(page.body).toContain('sizes="6rem"');
    expect(page.body).toContain(`href="/admin/media/${id}"`);
    expect(page.body).toContain('900 × 600');
    expect(page.body).toContain(`by ${user.displayName}`);
    expect(page.body).toContain('Ready');
  });
});

describe('a picture’s page', () => {
  it('lets the uploader save alt text, caption and credit, re-rendering the bodies that show it, and keeps what was typed when refused', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'contributor');
    const id = await upload(agent, 'ferry.jpg');
    await processUploads(site);
    const page = await agent.get(`/admin/media/${id}`);
    expect(page.statusCode).toBe(200);
    expect(await validateHtml([{ name: 'picture page', html: page.body }])).toEqual([]);
    // A contributor describes their own picture, but neither replaces nor deletes it.
    expect(page.body).toContain('Save words');
    expect(page.body).not.toContain('Replace the file');
    expect(page.body).not.toContain('Delete the picture');

    const saved = await agent.post(`/admin/media/${id}`, {
      alt: 'The  Star Ferry\nleaving Central',
      caption: 'The 7.40 sailing.',
      credit: 'Photo: Ana Lee',
    });
    expect(saved.statusCode).toBe(303);
    expect(await item(id)).toMatchObject({ alt: 'The Star Ferry leaving Central', caption: 'The 7.40 sailing.', credit: 'Photo: Ana Lee' });
    expect(await pendingKinds()).toEqual([MEDIA_CHANGED_JOB]);
    const after = await agent.get(`/admin/media/${id}`);
    expect(after.body).toContain('are saved');
    expect(after.body).toContain('value="The Star Ferry leaving Central"');

    const refused = await agent.post(`/admin/media/${id}`, {
      alt: 'x'.repeat(251),
      caption: 'A new caption & more',
      credit: 'Someone Else',
    });
    expect(refused.statusCode).toBe(422);
    expect(fieldError(refused.body, 'alt')).toBe('Alt text may be at most 250 characters; it has 251. Shorten it.');
    expect(refused.body).toContain(`value="${'x'.repeat(251)}"`);
    expect(refused.body).toContain('A new caption &amp; more</textarea>');
    expect(refused.body).toContain('value="Someone Else"');
    expect((await item(id)).caption).toBe('The 7.40 sailing.');
    expect(await pendingKinds()).toEqual([MEDIA_CHANGED_JOB]);

    // Someone else's contributor may look, not change.
    const { agent: other } = await staffAgent(site, 'contributor');
    const look = await other.get(`/admin/media/${id}`);
    expect(look.statusCode).toBe(200);
    expect(look.body).not.toContain('Save words');
    expect(look.body).toContain('The Star Ferry leaving Central');
    expect((await other.post(`/admin/media/${id}`, { alt: 'Vandalised', caption: '', credit: '' })).statusCode).toBe(403);
    expect((await item(id)).alt).toBe('The Star Ferry leaving Central');
  });

  it('moves the focal point from a click on the picture or from the two fields, and the social crop is made again around it', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'editor');
    // A wide picture: the 1200 × 630 crop takes its full height and slides along its width.
    const id = await upload(agent, 'panorama.jpg', await makePhoto(2400, 800));
    await processUploads(site);
    const before = await item(id);
    const socialBefore = before.renditions.find((r) => r.purpose === 'social')!;
    const redAt = async (fileName: string, left: number, top: number) => {
      const file = kept.get(fileName) ?? (await site.app.inject({ method: 'GET', url: `/media/${fileName}` })).rawPayload;
      kept.set(fileName, file);
      const pixel = await sharp(file).extract({ left, top, width: 1, height: 1 }).raw().toBuffer();
      return pixel[0]!;
    };
    const kept = new Map<string, Buffer>();
    await redAt(socialBefore.fileName, 0, 0);
    const page = await agent.get(`/admin/media/${id}`);
    expect(page.body).toMatch(/<input type="image" name="focal"/);
    expect(page.body).toContain('object-position:50% 50%');

    // Without a script: the click's pixels in the 640 × 213 frame.
    const clicked = await agent.post(`/admin/media/${id}/focal`, {
      'focal.x': '64',
      'focal.y': '106',
      frameWidth: '640',
      frameHeight: '213',
    });
    expect(clicked.statusCode).toBe(303);
    expect((await item(id)).focal).toEqual({ x: 0.1, y: 0.4977 });
    expect(await pendingKinds()).toEqual([MEDIA_PROCESS_JOB]);
    // The preview shows the crop at once: pushed to the left edge.
    expect((await agent.get(`/admin/media/${id}`)).body).toContain('object-position:0% 50%');

    await processUploads(site);
    const after = await item(id);
    const socialAfter = after.renditions.find((r) => r.purpose === 'social')!;
    expect(socialAfter.fileName).not.toBe(socialBefore.fileName);
    expect(await served(socialAfter.fileName)).toBe(200);
    expect(await served(socialBefore.fileName)).toBe(404);
    // The circle drawn at a third of the width was left of the centred card's middle; the card now
    // starts at the picture's left edge, and the circle sits in its middle.
    expect(await redAt(socialBefore.fileName, 600, 315)).toBeLessThan(100);
    expect(await redAt(socialAfter.fileName, 600, 315)).toBeGreaterThan(150);

    const typed = await agent.post(`/admin/media/${id}/focal`, { focalX: '75', focalY: '25' });
    expect(typed.statusCode).toBe(303);
    expect((await item(id)).focal).toEqual({ x: 0.75, y: 0.25 });

    const refused = await agent.post(`/admin/media/${id}/focal`, { focalX: '120', focalY: 'top' });
    expect(refused.statusCode).toBe(422);
    expect(fieldError(refused.body, 'focalX')).toContain('Set the focal point inside the picture');
    expect(refused.body).toContain('value="120"');
    expect(refused.body).toContain('value="top"');
    expect((await item(id)).focal).toEqual({ x: 0.75, y: 0.25 });
  });
});

describe('where a picture is used, and deleting it', () => {
  it('lists the articles that show it, and refuses to delete it with their headlines', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'editor');
    const id = await upload(agent, 'harbour.jpg');
    await processUploads(site);
    const featured = await buildArticle(site.runtime.deps, { headline: 'Ferries return to the harbour' });
    const inBody = await buildArticle(site.runtime.deps, { headline: 'A week of storms' });
    await buildArticle(site.runtime.deps, { headline: 'Unrelated story' });
    await site.runtime.deps.store.media.setArticleImage(featured.id, id);
    await site.runtime.db.insertInto('article_body_media').values({ article_id: inBody.id, media_id: id }).execute();

    const page = await agent.get(`/admin/media/${id}`);
    expect(page.body).toContain(`href="/admin/articles/${featured.id}">Ferries return to the harbour</a>`);
    expect(page.body).toContain(`href="/admin/articles/${inBody.id}">A week of storms</a>`);
    expect(page.body).not.toContain('Unrelated story');
    expect(page.body).toContain('featured picture');
    expect(page.body).toContain('in the body');

    const refused = await agent.post(`/admin/media/${id}/delete`);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(
      '“harbour.jpg” cannot be deleted: it is used in 2 articles: “A week of storms”, “Ferries return to the harbour” (featured picture). Remove it from them first.',
    );
    const kept = await item(id);
    expect(kept).toBeTruthy();
    for (const rendition of kept.renditions) expect(await served(rendition.fileName)).toBe(200);
  });

  it('deletes an unused picture with its files, but keeps the files an identical upload shares', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'editor');
    const photo = await makePhoto(700, 500);
    const first = await upload(agent, 'twin-a.jpg', photo);
    const second = await upload(agent, 'twin-b.jpg', photo);
    await processUploads(site);
    const a = await item(first);
    const b = await item(second);
    expect(b.renditions.map((r) => r.fileName)).toEqual(a.renditions.map((r) => r.fileName));

    await agent.get(`/admin/media/${first}`);
    const deleted = await agent.post(`/admin/media/${first}/delete`);
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/admin/media');
    expect(await site.runtime.deps.store.library.findById(first)).toBeNull();
    expect(await storage().exists('originals', a.originalKey)).toBe(false);
    // Its twin still has every file.
    for (const rendition of b.renditions) expect(await served(rendition.fileName)).toBe(200);
    expect(await storage().exists('originals', b.originalKey)).toBe(true);
    expect((await agent.get(`/admin/media/${first}`)).statusCode).toBe(404);

    // The last picture that names them takes them along.
    await agent.post(`/admin/media/${second}/delete`);
    for (const rendition of b.renditions) expect(await served(rendition.fileName)).toBe(404);
    expect(await storage().exists('originals', b.originalKey)).toBe(false);
  });
});

describe('replacing a picture’s file', () => {
  it('keeps the id, words and uses, and makes the new file’s renditions', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'editor');
    const id = await upload(agent, 'draft-crop.jpg', await makePhoto(800, 600));
    await processUploads(site);
    await agent.get(`/admin/media/${id}`);
    await agent.post(`/admin/media/${id}`, { alt: 'Lifeboat crew', caption: 'Night drill', credit: 'Photo: Ana Lee' });
    const article = await buildArticle(site.runtime.deps, { headline: 'The lifeboat turns 100' });
    await site.runtime.deps.store.media.setArticleImage(article.id, id);
    const before = await item(id);

    await agent.get(`/admin/media/${id}`);
    const refused = await postFile(agent, `/admin/media/${id}/file`, { name: 'notes.jpg', data: Buffer.from('just words') });
    expect(refused.statusCode).toBe(422);
    expect(fieldError(refused.body, 'file')).toContain('“notes.jpg” is not a picture this site can use');
    expect((await item(id)).originalKey).toBe(before.originalKey);

    const replaced = await postFile(agent, `/admin/media/${id}/file`, {
      name: 'final.png',
      data: await makePhoto(1300, 700, { format: 'png' }),
    });
    expect(replaced.statusCode).toBe(303);
    expect(replaced.headers.location).toBe(`/admin/media/${id}`);
    const pending = await item(id);
    expect(pending).toMatchObject({
      id,
      status: 'processing',
      originalName: 'final.png',
      type: 'png',
      width: 1300,
      height: 700,
      alt: 'Lifeboat crew',
    });
    expect(await storage().exists('originals', before.originalKey)).toBe(false);
    expect(await pendingKinds()).toContain(MEDIA_PROCESS_JOB);

    await processUploads(site);
    const after = await item(id);
    expect(after.status).toBe('ready');
    expect(after.renditions.find((r) => r.purpose === 'responsive' && r.width === 1280)).toBeTruthy();
    for (const rendition of after.renditions) expect(await served(rendition.fileName)).toBe(200);
    const gone = before.renditions.filter((old) => !after.renditions.some((r) => r.fileName === old.fileName));
    expect(gone.length).toBeGreaterThan(0);
    for (const rendition of gone) expect(await served(rendition.fileName)).toBe(404);
    // The article follows: its lead picture is the new file, under the same id.
    const picture = (await site.runtime.deps.store.articles.findById(article.id))?.image;
    expect(picture?.id).toBe(id);
    expect(picture?.sources[0]?.files.at(-1)?.width).toBe(1280);
  });
});

describe('roles', () => {
  it('lets a contributor upload and browse, and refuses their replacing or deleting a picture', async () => {
    site = await startTestSite();
    const { agent: editor } = await staffAgent(site, 'editor');
    const id = await upload(editor, 'editors.jpg');
    const { agent: contributor } = await staffAgent(site, 'contributor');
    const own = await upload(contributor, 'mine.jpg');
    expect((await contributor.get('/admin/media')).body).toContain('editors.jpg');
    const page = await contributor.get(`/admin/media/${id}`);
    expect(page.body).not.toContain('Save words');
    expect(page.body).not.toContain('Delete the picture');

    expect((await contributor.post(`/admin/media/${own}/delete`)).statusCode).toBe(403);
    expect((await contributor.post(`/admin/media/${id}/delete`)).statusCode).toBe(403);
    const replace = await postFile(contributor, `/admin/media/${id}/file`, { name: 'x.jpg', data: await makePhoto(400, 300) });
    expect(replace.statusCode).toBe(403);
    expect(replace.body).toContain('Only editors and administrators can manage the media library.');
    expect((await contributor.post(`/admin/media/${id}/focal`, { focalX: '10', focalY: '10' })).statusCode).toBe(403);
    expect(await site.runtime.deps.store.library.findById(own)).toBeTruthy();
    expect((await item(id)).originalName).toBe('editors.jpg');
  });
});

describe('the upload’s JSON answer, for admin-media.js', () => {
  it('answers 201 with the picture’s id and page, or 422 with the message for the file field', async () => {
    site = await startTestSite();
    const { agent } = await staffAgent(site, 'author');
    await agent.get('/admin/media');
    const ok = await postFile(
      agent,
      '/admin/media',
      { name: 'pasted.png', data: await makePhoto(500, 400, { format: 'png' }) },
      { accept: 'application/json' },
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.headers['content-type']).toContain('application/json');
    const { id, url, name } = ok.json<{ id: number; url: string; name: string }>();
    expect(url).toBe(`/admin/media/${id}`);
    expect(name).toBe('pasted.png');
    expect((await item(id)).status).toBe('processing');

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const refused = await postFile(agent, '/admin/media', { name: 'chart.svg', data: svg }, { accept: 'application/json' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toEqual({ errors: { file: expect.stringContaining('SVG drawings are not accepted') } });
    // The same token serves several uploads from one page.
    const again = await postFile(
      agent,
      '/admin/media',
      { name: 'second.jpg', data: await makePhoto(300, 200) },
      { accept: 'application/json' },
    );
    expect(again.statusCode).toBe(201);
  });
});
