import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type {
  ImportedArticle,
  ImportedMedia,
  ImportedPage,
  ImportedSkip,
  ImportedTag,
  ImportRecord,
} from '../../domain/importing/records.ts';
import { fixturePath, readAll, recordsOf } from './read-fixture.ts';

const NEWSROOM = fixturePath('newsroom.xml');
const { plan, records, progress } = await readAll(NEWSROOM);
const { ofKind, byId } = recordsOf(records);
const article = (id: string) => byId('article', id);
const tag = (id: string) => byId('tag', id);
const media = (id: string) => byId('media', id);

describe('wordpressReader on a newsroom export', () => {
  it('plans the import: the site, the size in bytes and the posts and pages', () => {
    expect(plan).toEqual({
      source: { key: 'wordpress:https://kowlooncourier.example', label: 'WordPress site https://kowlooncourier.example' },
      totalBytes: statSync(NEWSROOM).size,
      entries: 14,
    });
  });

  it('reads every author, tag, attachment, post and page, and says what it leaves out', () => {
    const counts = Object.fromEntries(
      ['author', 'tag', 'media', 'article', 'page', 'skip'].map((kind) => [kind, records.filter((r) => r.kind === kind).length]),
    );
    expect(counts).toEqual({ author: 3, tag: 10, media: 2, article: 10, page: 2, skip: 9 });
    expect(ofKind('skip').map((s: ImportedSkip) => [s.of, s.externalId, s.note])).toEqual([
      ['tag', 'nav_menu:main-menu', { code: 'unsupported_type', detail: 'nav_menu' }],
      ['comment', '106', { code: 'trash' }],
      ['comment', '107', { code: 'unsupported_type', detail: 'pingback' }],
      ['comment', '302', { code: 'unsupported_type', detail: 'trackback' }],
      ['article', '19', { code: 'trash' }],
      ['comment', '401', { code: 'unsupported_type', detail: 'page comment' }],
      ['article', '40', { code: 'unsupported_type', detail: 'nav_menu_item' }],
      ['article', '41', { code: 'auto_draft' }],
      ['article', '42', { code: 'unsupported_type', detail: 'wp_block' }],
    ]);
  });

  it('reports progress in bytes, ending at the file’s size', () => {
    expect(progress.at(-1)).toBe(plan.totalBytes);
    // The file holds Chinese text: counted in characters it would come out shorter.
    expect(readFileSync(NEWSROOM, 'utf8').length).toBeLessThan(plan.totalBytes);
  });

  it('brings authors over as bylines with their old author pages', () => {
    expect(ofKind('author')).toEqual([
      {
        kind: 'author',
        externalId: 'mei.chan',
        name: 'Chan Mei-ling',
        slug: 'mei-chan',
        bio: '',
        legacyPaths: ['/author/mei.chan/', '/author/mei-chan/'],
      },
      { kind: 'author', externalId: 'kaho', name: 'Ka-ho Lau', slug: 'kaho', bio: '', legacyPaths: ['/author/kaho/'] },
      { kind: 'author', externalId: 'desk', name: 'The Night Desk', slug: 'desk', bio: '', legacyPaths: ['/author/desk/'] },
    ]);
  });

  it('keeps the category tree, with each category’s address under its parents', () => {
    expect(tag('category:transport')).toEqual<ImportedTag>({
      kind: 'tag',
      externalId: 'category:transport',
      name: 'Transport',
      slug: 'transport',
      description: '',
      parentExternalId: 'category:hong-kong',
      legacyPaths: ['/category/news/hong-kong/transport/'],
    });
    expect(tag('category:hong-kong')).toMatchObject({
      parentExternalId: 'category:news',
      description: 'Stories from the eighteen districts.',
    });
    expect(tag('category:港聞')).toMatchObject({ name: '港聞', slug: '港聞', legacyPaths: ['/category/news/hong-kong/港聞/'] });
    expect(tag('category:opinion')).toMatchObject({ name: 'Opinion & Analysis', parentExternalId: null });
    expect(tag('post_tag:hksar')).toMatchObject({ name: 'HKSAR', legacyPaths: ['/tag/hksar/'] });
    expect(tag('post_tag:颱風')).toMatchObject({ name: '颱風', slug: '颱風' });
  });

  it('files a post under its categories first, then its tags, each once', () => {
    expect(article('11').tagExternalIds).toEqual(['category:transport', 'category:hong-kong', 'post_tag:ferries', 'post_tag:hksar']);
  });

  it('declares a tag that only a post names, just before that post', () => {
    const tagAt = records.findIndex((r) => r.kind === 'tag' && r.externalId === 'post_tag:night-markets');
    const postAt = records.findIndex((r) => r.kind === 'article' && r.externalId === '22');
    expect(tagAt).toBeGreaterThan(-1);
    expect(postAt).toBe(tagAt + 1);
    expect(records[tagAt]).toMatchObject({ name: 'Night markets', slug: 'night-markets', legacyPaths: ['/tag/night-markets/'] });
  });

  it('links featured images listed before and after their posts', () => {
    expect(media('10').featuredOnExternalIds).toEqual(['11']);
    expect(media('30').featuredOnExternalIds).toEqual(['12']);
    expect(article('12').featuredMediaExternalId).toBe('30');
    expect(media('10')).toEqual<ImportedMedia>({
      kind: 'media',
      externalId: '10',
      url: 'https://kowlooncourier.example/wp-content/uploads/2024/05/star-ferry-dusk.jpg',
      title: 'Star Ferry at dusk',
      alt: 'A Star Ferry crossing Victoria Harbour at dusk',
      caption: 'The Morning Star leaves Tsim Sha Tsui pier.',
      mimeType: 'image/jpeg',
      attachedToExternalId: '11',
      featuredOnExternalIds: ['11'],
      createdAt: new Date('2024-05-16T02:10:00Z'),
      legacyPaths: ['https://kowlooncourier.example/2024/05/star-ferry-fares-to-rise/star-ferry-dusk/', '?attachment_id=10'],
    });
    expect(media('30')).toMatchObject({ mimeType: 'image/png', legacyPaths: ['https://kowlooncourier.example/?attachment_id=30'] });
  });

  it('brings pages over, a child page under its own address', () => {
    expect(ofKind('page').map((p: ImportedPage) => [p.externalId, p.title, p.slug, p.status, p.legacyPaths])).toEqual([
      ['20', 'About us', 'about-us', 'published', ['https://kowlooncourier.example/about-us/', '?page_id=20']],
      ['21', 'Our team', 'our-team', 'published', ['https://kowlooncourier.example/about-us/our-team/', '?page_id=21']],
    ]);
  });
});

describe('wordpressReader on later and older exports', () => {
  it('gives the same records for the same file, so a second import finds nothing changed', async () => {
    expect((await readAll(NEWSROOM)).records).toEqual(records);
  });

  it('differs on a later export only where the site changed', async () => {
    const later = (await readAll(fixturePath('newsroom-updated.xml'))).records;
    const key = (r: ImportRecord) => `${r.kind}:${'externalId' in r ? r.externalId : ''}`;
    const before = new Map(records.map((r) => [key(r), r]));
    const changed = later.filter((r) => JSON.stringify(r) !== JSON.stringify(before.get(key(r)))).map(key);
    expect(changed).toEqual(['article:11', 'article:13', 'article:24']);
    const updated = later.find((r): r is ImportedArticle => key(r) === 'article:11')!;
    expect(updated.headline).toBe('Star Ferry fares to rise 9 per cent from July');
    expect(updated.updatedAt).toEqual(new Date('2024-06-05T07:00:00Z'));
    expect(updated.comments.find((c) => c.externalId === '104')!.status).toBe('approved');
    const ferryVote = later.find((r): r is ImportedArticle => key(r) === 'article:13')!;
    expect(ferryVote.comments.map((c) => [c.externalId, c.parentExternalId])).toEqual([
      ['201', null],
      ['202', '201'],
    ]);
  });

  it('reads a WXR 1.0 export: authors named only by posts, and the old "tag" domain', async () => {
    const { plan: legacyPlan, records: legacy } = await readAll(fixturePath('legacy-wxr-1.0.xml'));
    expect(legacyPlan.source.key).toBe('wordpress:http://kowlooncourier.example');
    expect(legacy.map((r) => `${r.kind}:${'externalId' in r ? r.externalId : ''}`)).toEqual([
      'setting:',
      'tag:category:transport',
      'author:reporter',
      'tag:post_tag:minibuses',
      'article:3',
    ]);
    expect(legacy.at(-1)).toMatchObject({ tagExternalIds: ['category:transport', 'post_tag:minibuses'], authorExternalId: 'reporter' });
  });
});
