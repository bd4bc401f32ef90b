import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFileError, type ImportRecord } from '../../domain/importing/records.ts';
import { ghostReader } from './reader.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/ghost');
const fixture = (name: string) => path.join(FIXTURES, name);
const id = (n: number) => `65a1f0c2e4b0a1b2c3d4${String(n).padStart(4, '0')}`;

async function readAll(file: string): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  for await (const record of ghostReader(file).read()) records.push(record);
  return records;
}

function entry(records: readonly ImportRecord[], slug: string) {
  const found = records.find((r) => (r.kind === 'article' || r.kind === 'page') && r.slug === slug);
  if (!found || (found.kind !== 'article' && found.kind !== 'page')) throw new Error(`no entry ${slug}`);
  return found;
}

function article(records: readonly ImportRecord[], slug: string) {
  const found = entry(records, slug);
  if (found.kind !== 'article') throw new Error(`${slug} is a page`);
  return found;
}

describe('ghostReader', () => {
  it('plans the import: the site known by its owner’s id, and every post and page counted', async () => {
    const plan = await ghostReader(fixture('site.json')).check();
    expect(plan.source).toEqual({ key: `ghost:${id(1)}`, label: 'Ghost site “The Kowloon Courier”' });
    expect(plan.entries).toBe(9);
    expect(plan.totalBytes).toBeGreaterThan(10_000);
  });

  it('brings the writers as authors, never a password or an email, and leaves out users who wrote nothing', async () => {
    const records = await readAll(fixture('site.json'));
    const authors = records.filter((r) => r.kind === 'author');
    expect(authors.map((a) => [a.externalId, a.name, a.slug, a.bio, a.legacyPaths])).toEqual([
      [id(2), 'Tom Wong', 'tom', 'Transport reporter.', ['/author/tom/']],
      [id(1), 'Mei Ling Chan', 'mei-ling', 'Editor of the Courier.', ['/author/mei-ling/']],
    ]);
    const text = JSON.stringify(records);
    expect(text).not.toContain('courier.example');
    expect(text).not.toContain('$2a$');
  });

  it('brings public tags with parents first, and reports internal tags as skipped', async () => {
    const records = await readAll(fixture('site.json'));
    const tags = records.filter((r) => r.kind === 'tag');
    expect(tags.map((t) => [t.name, t.parentExternalId])).toEqual([
      ['Transport', null],
      ['Ferries', id(12)],
      ['Hong Kong', null],
      ['Culture', null],
    ]);
    expect(tags[1]).toMatchObject({ slug: 'ferries', description: 'Harbour crossings by boat', legacyPaths: ['/tag/ferries/'] });
    const skipped = records.filter((r) => r.kind === 'skip');
    expect(skipped.map((s) => [s.of, s.title, s.note])).toEqual([
      ['tag', '#newsletter', { code: 'unsupported_type', detail: 'internal tag' }],
      ['tag', 'Hidden picks', { code: 'unsupported_type', detail: 'internal tag' }],
    ]);
    expect(records.findIndex((r) => r.kind === 'tag')).toBeLessThan(records.findIndex((r) => r.kind === 'article'));
  });

  it('maps a featured post: primary author by sort order, tags in order without internal ones, sanitized HTML body', async () => {
    const records = await readAll(fixture('site.json'));
    const post = article(records, 'night-minibus-routes-extended');
    expect(post).toMatchObject({
      externalId: id(101),
      headline: 'Night minibus routes extended to Tseung Kwan O',
      standfirst: 'Late-shift workers in the east get three more ways home.',
      status: 'published',
      featured: true,
      authorExternalId: id(1),
      tagExternalIds: [id(11), id(12)],
      featuredMediaExternalId: `feature:${id(101)}`,
      bodyFormat: 'html',
      publishedAt: new Date('2024-05-01T08:00:00.000Z'),
      createdAt: new Date('2024-05-01T07:15:00.000Z'),
      updatedAt: new Date('2024-05-02T10:00:00.000Z'),
      legacyPaths: ['/night-minibus-routes-extended/'],
      comments: [],
      notes: [],
    });
    expect(post.bodyHtml).toBe(post.bodySource);
    expect(post.bodyHtml).toContain('<p>Drivers’ groups welcomed the change &amp; asked for more rest areas.</p>');
    expect(post.bodyHtml).toContain('src="/content/images/2024/05/minibus-stop.jpg"');
    expect(post.bodyHtml).not.toContain('<script');
    expect(post.bodyHtml).not.toContain('__GHOST_URL__');
  });

  it('emits the feature image before its post, with alt text and a plain-text caption', async () => {
    const records = await readAll(fixture('site.json'));
    const index = records.findIndex((r) => r.kind === 'media');
    expect(records[index + 1]).toMatchObject({ kind: 'article', externalId: id(101) });
    expect(records[index]).toEqual({
      kind: 'media',
      externalId: `feature:${id(101)}`,
      url: '/content/images/2024/05/minibus-night.jpg',
      title: '',
      alt: 'A green minibus waits at a stop after midnight',
      caption: 'Photo by Kit Lau & team',
      mimeType: 'image/jpeg',
      attachedToExternalId: null,
      featuredOnExternalIds: [id(101)],
      createdAt: new Date('2024-05-01T07:15:00.000Z'),
      legacyPaths: [],
    });
  });

  it('maps statuses: draft, scheduled, members-only (unpublished and noted), newsletter-only (published)', async () => {
    const records = await readAll(fixture('site.json'));
    expect(article(records, 'wet-market-rents-review')).toMatchObject({ status: 'draft', publishedAt: null });
    expect(article(records, 'dragon-boat-races-stanley')).toMatchObject({
      status: 'scheduled',
      publishedAt: new Date('2099-06-10T00:00:00.000Z'),
      tagExternalIds: [id(14)],
    });
    expect(article(records, 'members-briefing-tunnel-tolls')).toMatchObject({
      status: 'draft',
      notes: [{ code: 'members_only', detail: 'members' }],
    });
    expect(article(records, 'this-week-in-sham-shui-po')).toMatchObject({ status: 'published', tagExternalIds: [id(11)] });
  });

  it('turns a page into a page, and reads SQLite-style and millisecond dates as UTC', async () => {
    const records = await readAll(fixture('site.json'));
    expect(entry(records, 'about')).toMatchObject({
      kind: 'page',
      title: 'About the Courier',
      status: 'published',
      publishedAt: new Date('2023-01-10T09:00:00.000Z'),
      updatedAt: new Date('2023-02-01T09:00:00.000Z'),
      authorExternalId: id(1),
      legacyPaths: ['/about/'],
    });
    expect(article(records, 'cross-harbour-bus-fares')).toMatchObject({
      publishedAt: new Date(1713601800000),
      createdAt: new Date(1713600000000),
      tagExternalIds: [id(12)],
    });
  });

  it('keeps a Chinese title and language, and notes a post whose body was never rendered to HTML', async () => {
    const records = await readAll(fixture('site.json'));
    expect(article(records, 'star-ferry-fare-rise')).toMatchObject({
      headline: '天星小輪下月起加價一角',
      language: 'zh-Hant',
      bodyHtml: '<p>天星小輪宣布，由下月一日起，成人單程票價加一角。</p>',
      tagExternalIds: [id(13), id(11)],
    });
    expect(article(records, 'photo-essay-last-neon-signs')).toMatchObject({ bodyHtml: '', notes: [{ code: 'body_empty' }] });
  });

  it('reads the older { meta, data } layout and uses the site’s address for its key and its images', async () => {
    const reader = ghostReader(fixture('old-layout-with-url.json'));
    expect((await reader.check()).source).toEqual({
      key: 'ghost:https://courier.example',
      label: 'Ghost site https://courier.example',
    });
    const records = await readAll(fixture('old-layout-with-url.json'));
    expect(records.find((r) => r.kind === 'media')).toMatchObject({
      url: 'https://courier.example/content/images/2024/05/minibus-night.jpg',
    });
    expect(records.filter((r) => r.kind === 'article' || r.kind === 'page')).toHaveLength(9);
  });

  it.each([
    ['truncated.json.part', 'the file ends in the middle of its JSON: it looks cut short; export it again (at line 97, column 22)'],
    ['not-json.xml', 'this is not valid JSON: unexpected "<" (at line 1, column 1)'],
    ['not-ghost.json', 'no db[0].data.posts: this is not a Ghost export'],
    ['broken-date.json', '"next Tuesday" is not a date (at db[0].data.posts[3].published_at)'],
    ['no-slug.json', 'the post "Draft: wet market rents review" has no slug (at db[0].data.posts[2].slug)'],
  ])('refuses %s with the problem and its place', async (name, message) => {
    const failure = await ghostReader(fixture(name))
      .check()
      .then(() => null)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportFileError);
    expect((failure as Error).message).toBe(message);
  });
});
