import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addTagAlias, findOrCreateTag } from '../src/domain/tags/tags.ts';
import type { ArticleSubmission } from '../src/domain/articles/articles.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(async () => site.close());

const HOUR = 3_600_000;

/** Publishes an article dated `hoursAgo` hours before the test clock's now. */
function publish(slug: string, hoursAgo: number, overrides: Partial<ArticleSubmission> = {}) {
  return buildArticle(site.runtime.deps, {
    slug,
    headline: `Story ${slug}`,
    date: new Date(site.clock.now().getTime() - hoursAgo * HOUR),
    ...overrides,
  });
}

/** The slugs the "Related articles" section links to, in the order shown. */
async function relatedOf(slug: string): Promise<string[]> {
  const res = await site.app.inject({ method: 'GET', url: `/articles/${slug}` });
  expect(res.statusCode).toBe(200);
  const section = /<section class="related"[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
  return [...section.matchAll(/<a class="related-headline" href="\/articles\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
}

describe('related articles at the foot of an article', () => {
  it('lists articles that share a tag, and never one that shares none, however new', async () => {
    await publish('ferry-strike', 1, { tags: ['Ferries', 'Harbour'] });
    await publish('old-ferry-story', 300, { tags: ['Ferries'] });
    await publish('brand-new-weather', 0.5, { tags: ['Weather'] });
    await publish('untagged-news', 0.2, { tags: [] });
    expect(await relatedOf('ferry-strike')).toEqual(['old-ferry-story']);
  });

  it('puts more shared tags first, then the newest', async () => {
    await publish('fare-rise', 1, { tags: ['Ferries', 'Harbour', 'Fares'] });
    await publish('two-shared-old', 100, { tags: ['Harbour', 'Fares', 'Council'] });
    await publish('one-shared-older', 20, { tags: ['Ferries'] });
    await publish('one-shared-newer', 2, { tags: ['Fares', 'Weather'] });
    await publish('three-shared-oldest', 500, { tags: ['Fares', 'Ferries', 'Harbour'] });
    expect(await relatedOf('fare-rise')).toEqual(['three-shared-oldest', 'two-shared-old', 'one-shared-newer', 'one-shared-older']);
  });

  it('counts a tag given by its alias as the tag itself', async () => {
    const { store } = site.runtime.deps;
    const hongKong = await findOrCreateTag(store, 'Hong Kong Special Administrative Region');
    await addTagAlias(store, hongKong, 'HKSAR');
    await publish('border-queues', 1, { tags: ['HKSAR'] });
    await publish('by-full-name', 5, { tags: ['Hong Kong Special Administrative Region'] });
    await publish('by-alias-too', 3, { tags: ['hksar', 'Weather'] });
    expect(await relatedOf('border-queues')).toEqual(['by-alias-too', 'by-full-name']);
    expect(await relatedOf('by-full-name')).toEqual(['border-queues', 'by-alias-too']);
  });

  it('leaves out the article itself, drafts and articles not yet published', async () => {
    await publish('wetland-walk', 2, { tags: ['Wetlands'] });
    await publish('wetland-draft', 1, { tags: ['Wetlands'], status: 'draft' });
    await publish('wetland-tomorrow', -24, { tags: ['Wetlands'] });
    await publish('wetland-published', 30, { tags: ['Wetlands'] });
    expect(await relatedOf('wetland-walk')).toEqual(['wetland-published']);

    site.clock.advance(25 * HOUR);
    expect(await relatedOf('wetland-walk')).toEqual(['wetland-tomorrow', 'wetland-published']);
  });

  it('shows at most four, the best of them', async () => {
    await publish('lantern-night', 1, { tags: ['Festivals'] });
    for (let i = 1; i <= 6; i++) await publish(`festival-${i}`, 10 * i, { tags: ['Festivals'] });
    expect(await relatedOf('lantern-night')).toEqual(['festival-1', 'festival-2', 'festival-3', 'festival-4']);
  });

  it('shows no section at all, not even its heading, when nothing is related', async () => {
    await publish('lonely-story', 1, { tags: ['Astronomy'] });
    await publish('other-story', 2, { tags: ['Cooking'] });
    await publish('no-tags-at-all', 3, { tags: [] });
    for (const slug of ['lonely-story', 'no-tags-at-all']) {
      const res = await site.app.inject({ method: 'GET', url: `/articles/${slug}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('Related articles');
      expect(res.body).not.toContain('class="related');
    }
  });

  it('shows each one’s headline, byline and date, in the language it is written in', async () => {
    await publish('tea-house', 1, { tags: ['Food'] });
    await publish('tea-house-zh', 2, { tags: ['Food'], headline: '茶樓重開', author: 'Wong Ka Yan', language: 'zh-Hant' });
    const res = await site.app.inject({ method: 'GET', url: '/articles/tea-house' });
    const section = /<section class="related"[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
    expect(section).toContain('<h2 id="related-title">Related articles</h2>');
    expect(section).toContain(
      '<li class="related-item" lang="zh-Hant"><a class="related-headline" href="/articles/tea-house-zh">茶樓重開</a>',
    );
    expect(section).toMatch(/<span>Wong Ka Yan<\/span> · <time datetime="[^"]+">/);
  });
});
