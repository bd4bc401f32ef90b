import { describe, expect, it } from 'vitest';
import type { ImportedArticle } from '../../domain/importing/records.ts';
import { fixturePath, readAll, recordsOf } from './read-fixture.ts';

const { records } = await readAll(fixturePath('newsroom.xml'));
const { ofKind, byId } = recordsOf(records);
const article = (id: string) => byId('article', id);

describe('wordpressReader on the posts of a newsroom export', () => {
  it('maps a published post completely', () => {
    const { bodyHtml, comments, ...rest } = article('11');
    expect(rest).toEqual<Omit<ImportedArticle, 'bodyHtml' | 'comments'>>({
      kind: 'article',
      externalId: '11',
      slug: 'star-ferry-fares-to-rise',
      headline: 'Star Ferry fares to rise 8 per cent from July',
      standfirst: 'Adult fares on the Tsim Sha Tsui route rise by 8 per cent & concessions stay.',
      bodySource: bodyHtml,
      bodyFormat: 'html',
      status: 'published',
      publishedAt: new Date('2024-05-16T02:30:00Z'),
      createdAt: new Date('2024-05-16T02:30:00Z'),
      updatedAt: new Date('2024-05-17T01:00:00Z'),
      authorExternalId: 'mei.chan',
      tagExternalIds: ['category:transport', 'category:hong-kong', 'post_tag:ferries', 'post_tag:hksar'],
      featuredMediaExternalId: '10',
      featured: false,
      commentsOpen: true,
      language: null,
      oldSlugs: [],
      corrections: [],
      legacyPaths: ['https://kowlooncourier.example/2024/05/star-ferry-fares-to-rise/', '?p=11'],
      notes: [],
    });
    expect(bodyHtml).toContain(
      '<p>The Star Ferry will raise adult fares on its Tsim Sha Tsui–Central route by 8\u00a0per cent from 1 July',
    );
    expect(bodyHtml).toContain('company’s first increase');
    expect(bodyHtml).toContain(
      '<figure><img src="https://kowlooncourier.example/wp-content/uploads/2024/05/star-ferry-dusk.jpg" alt="A Star Ferry crossing Victoria Harbour at dusk" width="1200" height="800" /><figcaption>The <em>Morning Star</em> leaves Tsim Sha Tsui pier.</figcaption></figure>',
    );
    expect(bodyHtml).toContain('$5.40.<br />\nConcessionary fares');
    expect(bodyHtml).toContain('Fuel &amp; crew costs');
    expect(bodyHtml).toContain('<iframe src="https://www.youtube-nocookie.com/embed/Xy3hK9pQm2A"');
    expect(bodyHtml).toContain('<iframe src="https://player.vimeo.com/video/76979871"');
    expect(comments).toHaveLength(9);
  });

  it('maps every WordPress status, keeping whatever readers could not see unpublished', () => {
    const statuses = ofKind('article').map((a) => [
      a.externalId,
      a.status,
      a.publishedAt?.toISOString() ?? null,
      a.notes.map((n) => n.code),
    ]);
    expect(statuses).toEqual([
      ['11', 'published', '2024-05-16T02:30:00.000Z', []],
      ['12', 'published', '2024-05-24T13:45:00.000Z', ['unknown_shortcode', 'unknown_shortcode']],
      ['13', 'published', '2024-05-28T04:00:00.000Z', []],
      ['14', 'draft', null, []],
      ['15', 'scheduled', '2030-01-15T01:00:00.000Z', []],
      ['16', 'draft', null, ['private']],
      ['17', 'draft', null, ['pending_review']],
      ['18', 'draft', null, ['password_protected']],
      ['22', 'published', '2024-06-01T10:00:00.000Z', []],
      ['23', 'published', '2024-06-02T06:00:00.000Z', []],
    ]);
  });

  it('dates a draft by its local date when WordPress left its GMT date at zero, and leaves its slug to the importer', () => {
    expect(article('14')).toMatchObject({
      slug: null,
      createdAt: new Date('2024-05-20T10:15:00Z'),
      updatedAt: new Date('2024-05-21T00:00:00Z'),
    });
  });

  it('decodes a Chinese slug and keeps the old site’s addresses, an older ?p= guid included', () => {
    expect(article('13')).toMatchObject({
      headline: '立法會通過渡輪資助計劃',
      slug: '立法會通過渡輪資助計劃',
      standfirst: '離島航線票價三年不變。',
      legacyPaths: [
        'https://kowlooncourier.example/2024/05/%e7%ab%8b%e6%b3%95%e6%9c%83%e9%80%9a%e9%81%8e%e6%b8%a1%e8%bc%aa%e8%b3%87%e5%8a%a9%e8%a8%88%e5%8a%83/',
        '?p=13',
        'http://oldsite.kowlooncourier.example/?p=907',
      ],
    });
  });

  it('cuts a long excerpt to a standfirst of at most 400 characters, after a word', () => {
    const standfirst = article('12').standfirst;
    expect(standfirst.length).toBeLessThanOrEqual(400);
    expect(standfirst.length).toBeGreaterThan(300);
    expect(standfirst).toMatch(/ need a…$/);
  });

  it('expands known shortcodes and leaves unknown ones visible, noting each name once', () => {
    const { bodyHtml, notes } = article('12');
    expect(bodyHtml).toContain(
      '<img src="https://kowlooncourier.example/wp-content/uploads/2024/05/typhoon-signal-board.png" alt="The No. 8 signal board outside the Observatory" />',
    );
    expect(bodyHtml).toContain('<p>[contact-form-7 id="3" title="Tip-off"]</p>');
    expect(bodyHtml).toContain('write [gallery]. A second form sits at the end: [contact-form-7 id="4"]');
    expect(notes).toEqual([
      { code: 'unknown_shortcode', detail: 'contact-form-7' },
      { code: 'unknown_shortcode', detail: 'poll' },
    ]);
  });

  it('brings CDATA split around "]]>", entities and block-editor content through intact', () => {
    const night = article('22').bodyHtml;
    expect(night).toContain('<pre>if (stalls[street[0]]&gt; limit) {\n    openOverflowLane();\n}</pre>');
    expect(night).toContain('Temple Street’s night market');
    expect(night).not.toContain('wp:paragraph');
    expect(night).toContain('<iframe src="https://www.youtube-nocookie.com/embed/kT3nq8WZm5E"');
    const swim = article('23');
    expect(swim.headline).toBe('Harbour swim returns after 13 years & draws 2,000');
    expect(swim.bodyHtml).toBe(
      '<p>The cross-harbour race returned on Sunday.</p>\n<p>Swimmers set off from Lei Yue Mun\u00a0at 8am, the organisers’ earliest start.</p>\n<p>Water quality was rated "good" by the department.</p>',
    );
  });

  it('threads comments three deep, parents first, with their statuses and commenters', () => {
    const comments = article('11').comments;
    expect(comments.map((c) => [c.externalId, c.parentExternalId, c.status])).toEqual([
      ['101', null, 'approved'],
      ['102', '101', 'approved'],
      ['103', '102', 'approved'],
      ['104', null, 'pending'],
      ['105', null, 'spam'],
      ['108', null, 'approved'],
      ['109', null, 'approved'],
      ['111', null, 'approved'],
      ['110', '111', 'approved'],
    ]);
    expect(comments[0]).toEqual({
      externalId: '101',
      parentExternalId: null,
      authorName: 'Lau Siu-ming',
      authorEmail: 'siuming@mail.example',
      authorUrl: 'https://siuming.example',
      clientAddress: '203.0.113.5',
      bodySource:
        'Forty cents more for a seven-minute crossing still beats the tunnel bus.\n\nI ride it twice a day.\nMornings are the best part of my commute.',
      bodyHtml:
        '<p>Forty cents more for a seven-minute crossing still beats the tunnel bus.</p>\n<p>I ride it twice a day.<br />\nMornings are the best part of my commute.</p>\n',
      status: 'approved',
      createdAt: new Date('2024-05-16T04:00:00Z'),
      notes: [],
    });
    expect(comments.find((c) => c.externalId === '109')!.notes).toEqual([{ code: 'missing_parent', detail: '106' }]);
    expect(comments.find((c) => c.externalId === '111')!.createdAt).toEqual(new Date('2024-05-17T10:30:00Z'));
    expect(article('13').comments[0]).toMatchObject({
      authorName: '陳大文',
      bodyHtml: '<p>終於有好消息，長洲居民每日都靠渡輪返工。</p>\n',
    });
  });

  it('keeps a comment’s markup but never its script', () => {
    const withHtml = article('11').comments.find((c) => c.externalId === '108')!;
    expect(withHtml.authorName).toBe('Ho Wing-yan & family');
    expect(withHtml.bodySource).toContain('<script>');
    expect(withHtml.bodyHtml).toBe(
      '<p><strong>Useful</strong> summary.</p>\n<p>The full <a href="https://transport.example/fares" rel="nofollow ugc noopener">fare table</a> is on the department’s site.</p>\n',
    );
  });
});
