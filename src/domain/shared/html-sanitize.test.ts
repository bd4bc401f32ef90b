import { describe, expect, it } from 'vitest';
import { EMBED_SANDBOX, sanitizeArticleHtml } from './html-sanitize.ts';

describe('sanitizeArticleHtml: embeds', () => {
  it('drops an iframe without a source, contents and all', () => {
    expect(sanitizeArticleHtml('<p>Before<iframe>fallback text</iframe> after</p>')).toBe('<p>Before after</p>');
  });

  it.each([
    ['an unknown host', 'https://evil.example/embed/x'],
    ['a script address', 'javascript:alert(1)'],
    ['a data address', 'data:text/html,<script>alert(1)</script>'],
    ["an allowed host's ordinary page", 'https://www.youtube.com/channel/UC123'],
    ["an allowed host's search page", 'https://www.google.com/search?q=x'],
    ['a relative address', '/embed/x'],
    ['an address with credentials', 'https://user:pw@player.vimeo.com/video/1'],
  ])('drops an iframe from %s', (_, src) => {
    expect(sanitizeArticleHtml(`<p>a</p><iframe src="${src}"></iframe><p>b</p>`)).toBe('<p>a</p><p>b</p>');
  });

  it('keeps a player from an allowed host and path, in a sandbox of its own (whatever the source asked for)', () => {
    const html = sanitizeArticleHtml(
      '<iframe src="https://player.vimeo.com/video/76979871" sandbox="allow-top-navigation allow-forms" width="640" allowfullscreen></iframe>',
    );
    expect(html).toBe(
      `<iframe src="https://player.vimeo.com/video/76979871" sandbox="${EMBED_SANDBOX}" width="640" allowfullscreen></iframe>`,
    );
  });

  it('reads a protocol-relative or http player address as https', () => {
    expect(sanitizeArticleHtml('<iframe src="//www.youtube.com/embed/abc"></iframe>')).toContain('src="https://www.youtube.com/embed/abc"');
    expect(sanitizeArticleHtml('<iframe src="http://www.youtube.com/embed/abc"></iframe>')).toContain(
      'src="https://www.youtube.com/embed/abc"',
    );
  });
});

describe('sanitizeArticleHtml: ids', () => {
  it("namespaces ids so they cannot collide with the page's own", () => {
    expect(sanitizeArticleHtml('<h2 id="comments">Comments</h2><div id="main">x</div>')).toBe(
      '<h2 id="user-content-comments">Comments</h2><div id="user-content-main">x</div>',
    );
  });

  it('points in-body fragment links at the namespaced ids, so footnotes still work', () => {
    expect(sanitizeArticleHtml('<p>Claim<sup><a href="#fn1">1</a></sup></p><ol><li id="fn1">Source</li></ol>')).toBe(
      '<p>Claim<sup><a href="#user-content-fn1">1</a></sup></p><ol><li id="user-content-fn1">Source</li></ol>',
    );
  });

  it('leaves other links alone and gives the same HTML when sanitized again', () => {
    const once = sanitizeArticleHtml('<a href="#">top</a><a href="https://example.com/#x">out</a><p id="x"><a href="#x">x</a></p>');
    expect(once).toBe(
      '<a href="#">top</a><a href="https://example.com/#x">out</a><p id="user-content-x"><a href="#user-content-x">x</a></p>',
    );
    expect(sanitizeArticleHtml(once)).toBe(once);
  });
});
