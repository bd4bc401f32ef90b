import { sql } from 'kysely';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from './support/app.ts';
import { changeLog } from './support/change-log.ts';
import { processUploads } from './support/media.ts';
import { loadDemo } from '../src/demo/load.ts';
import { readDemoPictures } from '../src/demo/pictures.ts';
import { processPicture } from '../src/domain/media/processing.ts';
import { mediaServices } from '../src/media/services.ts';

let site: TestSite;
afterEach(() => site.close());

const get = (url: string) => site.app.inject({ method: 'GET', url });

/** Each demo article's lead picture as the media library holds it, by the article's slug. */
async function leadPictures() {
  const { store } = site.runtime.deps;
  const byArticle = new Map<string, Awaited<ReturnType<typeof store.library.findById>>>();
  for (const picture of await readDemoPictures()) {
    const article = await store.articles.findBySlug(picture.article);
    byArticle.set(picture.article, article?.image ? await store.library.findById(article.image.id) : null);
  }
  return byArticle;
}

// Fourteen pictures' renditions are made for real: a few seconds on a quiet machine, far more on a busy one.
describe('the demo publication’s pictures', { timeout: 180_000 }, () => {
  it('gives every article a lead picture with its alt text, caption and credit, ready once the outbox has made its renditions', async () => {
    site = await startTestSite();
    const media = mediaServices(site.config);
    const demo = await loadDemo(site.runtime.deps, { media });
    expect(demo.pictures).toBe(14);

    const before = await leadPictures();
    expect(before.size).toBe(14);
    for (const [slug, item] of before) {
      expect(item, slug).not.toBeNull();
      expect(item!.status, slug).toBe('processing');
    }
    // Until its renditions exist the article is published without it, and that page is cached.
    expect((await get('/articles/ferry-fares-frozen-until-next-summer')).body).not.toContain('<picture');
    expect((await get('/articles/ferry-fares-frozen-until-next-summer')).headers['x-cache']).toBe('HIT');

    await processUploads(site);

    const texts = new Map((await readDemoPictures()).map((picture) => [picture.article, picture]));
    for (const [slug, item] of await leadPictures()) {
      expect(item!.status, slug).toBe('ready');
      expect([item!.width, item!.height], slug).toEqual([1800, 1200]);
      expect(item!.alt, slug).toBe(texts.get(slug)!.alt);
      expect(item!.caption, slug).toBe(texts.get(slug)!.caption);
      expect(item!.credit, slug).toMatch(/The Harbour Ledger/);
      expect(item!.placeholder, slug).toMatch(/^#[0-9a-f]{6}$/);
      const widths = item!.renditions.filter((rendition) => rendition.purpose === 'responsive').map((rendition) => rendition.width);
      expect(new Set(widths), slug).toEqual(new Set([320, 640, 960, 1280]));
      expect(
        item!.renditions.filter((rendition) => rendition.purpose === 'social'),
        slug,
      ).toHaveLength(1);
    }

    // The cached page was purged when its picture became ready: readers see it at once.
    const page = await get('/articles/ferry-fares-frozen-until-next-summer');
    expect(page.headers['x-cache']).toBe('MISS');
    expect(page.body).toContain('<picture');
    expect(page.body).toContain(texts.get('ferry-fares-frozen-until-next-summer')!.alt);
    expect(page.body).toContain('Illustration: The Harbour Ledger');
    const rendition = /srcset="(\/media\/[^ "]+\.avif)/.exec(page.body)?.[1];
    const served = await get(rendition!);
    expect(served.statusCode).toBe(200);
    expect((await sharp(served.rawPayload).metadata()).format).toBe('heif');
  });

  it('keeps the pictures the articles already have when it is loaded again', async () => {
    site = await startTestSite();
    const media = mediaServices(site.config);
    await loadDemo(site.runtime.deps, { media });
    const again = await loadDemo(site.runtime.deps, { media });
    expect(again.pictures).toBe(0);
    expect((await site.runtime.deps.store.library.list({ limit: 50, offset: 0 })).total).toBe(14);
  });

  it('purges the pages that show a picture when it is made again, as their lead or in their body', async () => {
    site = await startTestSite();
    const media = mediaServices(site.config);
    await loadDemo(site.runtime.deps, { media });
    const { store } = site.runtime.deps;
    const lead = (await store.articles.findBySlug('harbour-swim-returns'))!;
    await processPicture({ ...site.runtime.deps, media }, { mediaId: lead.image!.id });
    const other = (await store.articles.findBySlug('ferry-fares-frozen-until-next-summer'))!;
    // The ferry story's body shows the swim's picture too.
    await sql`INSERT INTO article_body_media (article_id, media_id) VALUES (${other.id}, ${lead.image!.id})`.execute(site.runtime.db);

    const log = changeLog(site);
    // Made again with nothing else changed: only the rendition rows are replaced.
    await processPicture({ ...site.runtime.deps, media }, { mediaId: lead.image!.id });
    const keys = log.keys();
    expect(keys).toContain(`a:${lead.id}`);
    expect(keys).toContain(`a:${other.id}`);

    await sql`UPDATE media SET credit = 'Illustration: Ledger art desk' WHERE id = ${lead.image!.id}`.execute(site.runtime.db);
    expect(log.keys()).toEqual(new Set([`a:${lead.id}`, `a:${other.id}`]));
  });
});
