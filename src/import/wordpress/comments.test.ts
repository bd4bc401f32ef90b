import { describe, expect, it } from 'vitest';
import { sanitizeCommentHtml } from '../../domain/shared/html-sanitize.ts';
import { commentBodyHtml, pageComments, postComments } from './comments.ts';
import { wpautop } from './wpautop.ts';
import { newComment, type WxrComment } from './wxr.ts';

function comment(id: string, fields: Partial<WxrComment> = {}): WxrComment {
  return {
    ...newComment({ line: 1, column: 1 }),
    id,
    author: `Reader ${id}`,
    dateGmt: '2024-05-16 04:00:00',
    content: `Comment ${id}.`,
    approved: '1',
    parent: '0',
    ...fields,
  };
}

describe('commentBodyHtml', () => {
  it('gives plain text the very HTML that wpautop and the sanitizer would', () => {
    const samples = [
      'One line.',
      'First paragraph.\n\nSecond paragraph,\nwith a line break.',
      '  Leading spaces, trailing spaces   \n\n\n\nafter three blank lines',
      'Fares > $5 are "steep", she said\t\nand left.',
      'Line one\r\nline two\r\n\r\nnew paragraph',
      '終於有好消息。\n\u3000\n長洲居民每日都靠渡輪返工。',
      '\n\n  \n',
      'Tabs\tinside\n \t \nand a blank-ish line',
    ];
    for (const text of samples) expect(commentBodyHtml(text), JSON.stringify(text)).toBe(sanitizeCommentHtml(wpautop(text)));
  });

  it('keeps a commenter’s small markup and drops scripts and handlers', () => {
    expect(
      commentBodyHtml(
        '<em>Good</em> point.<script>steal()</script>\n\nSee <a href="https://example.org" onclick="x()">this</a> &amp; that.',
      ),
    ).toBe('<p><em>Good</em> point.</p>\n<p>See <a href="https://example.org" rel="nofollow ugc noopener">this</a> &amp; that.</p>\n');
  });
});

describe('postComments', () => {
  it('keeps a commenter’s website only when it is an http or https address, and notes the one it left out', () => {
    const { comments } = postComments([
      comment('1', { authorUrl: 'javascript:alert(1)' }),
      comment('2', { authorUrl: ' JaVaScRiPt:alert(1)' }),
      comment('3', { authorUrl: 'data:text/html,<script>alert(1)</script>' }),
      comment('4', { authorUrl: '//evil.example' }),
      comment('5', { authorUrl: 'http://' }),
      comment('6', { authorUrl: 'https://reader.example/blog' }),
    ]);
    expect(comments.map((c) => [c.authorUrl, c.notes.map((n) => n.code)])).toEqual([
      [null, ['website_dropped']],
      [null, ['website_dropped']],
      [null, ['website_dropped']],
      [null, ['website_dropped']],
      [null, []],
      ['https://reader.example/blog', []],
    ]);
  });

  it('maps statuses, and counts trash, pingbacks and trackbacks as skipped', () => {
    const { comments, skipped } = postComments([
      comment('1'),
      comment('2', { approved: '0' }),
      comment('3', { approved: 'spam' }),
      comment('4', { approved: 'trash' }),
      comment('5', { approved: 'post-trashed' }),
      comment('6', { type: 'pingback' }),
      comment('7', { type: 'trackback' }),
    ]);
    expect(comments.map((c) => [c.externalId, c.status])).toEqual([
      ['1', 'approved'],
      ['2', 'pending'],
      ['3', 'spam'],
    ]);
    expect(skipped.map((s) => [s.externalId, s.note])).toEqual([
      ['4', { code: 'trash' }],
      ['5', { code: 'trash' }],
      ['6', { code: 'unsupported_type', detail: 'pingback' }],
      ['7', { code: 'unsupported_type', detail: 'trackback' }],
    ]);
  });

  it('puts every parent before its replies, keeping file order otherwise', () => {
    const { comments } = postComments([
      comment('10', { parent: '12' }),
      comment('11'),
      comment('13', { parent: '10' }),
      comment('12'),
      comment('14', { parent: '11' }),
    ]);
    expect(comments.map((c) => [c.externalId, c.parentExternalId])).toEqual([
      ['11', null],
      ['12', null],
      ['10', '12'],
      ['13', '10'],
      ['14', '11'],
    ]);
  });

  it('brings a reply whose parent is not imported to the top level, with a note', () => {
    const { comments } = postComments([comment('1', { approved: 'trash' }), comment('2', { parent: '1' }), comment('3', { parent: '99' })]);
    expect(comments.map((c) => [c.externalId, c.parentExternalId, c.notes])).toEqual([
      ['2', null, [{ code: 'missing_parent', detail: '1' }]],
      ['3', null, [{ code: 'missing_parent', detail: '99' }]],
    ]);
  });

  it('breaks a loop of replies instead of losing them', () => {
    const { comments } = postComments([comment('1', { parent: '2' }), comment('2', { parent: '1' })]);
    expect(comments.map((c) => [c.externalId, c.parentExternalId])).toEqual([
      ['1', null],
      ['2', '1'],
    ]);
  });

  it('keeps the commenter’s details, decoding entities in the name and dropping an empty address', () => {
    const [imported] = postComments([
      comment('8', {
        author: 'Ho Wing-yan &amp; family',
        authorEmail: ' wingyan@mail.example ',
        authorUrl: 'http://',
        authorIp: '2001:db8::1f',
        date: '2024-05-17 08:00:00',
        dateGmt: '0000-00-00 00:00:00',
      }),
    ]).comments;
    expect(imported).toMatchObject({
      authorName: 'Ho Wing-yan & family',
      authorEmail: 'wingyan@mail.example',
      authorUrl: null,
      clientAddress: '2001:db8::1f',
      createdAt: new Date('2024-05-17T08:00:00Z'),
    });
  });
});

describe('pageComments', () => {
  it('skips every comment of a page, saying why', () => {
    expect(pageComments([comment('1'), comment('2', { approved: 'trash' })]).map((s) => s.note)).toEqual([
      { code: 'unsupported_type', detail: 'page comment' },
      { code: 'trash' },
    ]);
  });
});
