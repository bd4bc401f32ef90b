import sanitizeHtml from 'sanitize-html';
import { ARTICLE_LIMITS } from '../../domain/articles/articles.ts';

const STRIP_ALL: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };

/** Tags after which text that follows is a new line or paragraph, so the words on either side stay apart. */
const BREAKING_TAG =
  /<\/?(?:p|div|br|li|dd|dt|h[1-6]|blockquote|tr|td|th|figure|figcaption|section|article|header|footer|pre|table)\b[^>]*>/gi;

/**
 * Text of a field WordPress keeps as HTML-ish text (titles, term and author names, excerpts):
 * tags dropped, every HTML entity decoded (`&amp;`, `&#8217;`, `&nbsp;`…). sanitize-html does the
 * decoding with a real HTML parser, then escapes `&`, `<` and `>` again; those three are undone.
 */
export function htmlToText(html: string): string {
  if (!html.includes('&') && !html.includes('<')) return html;
  const stripped = sanitizeHtml(html.includes('<') ? html.replace(BREAKING_TAG, ' $&') : html, STRIP_ALL);
  return stripped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A name or title as one line of text: decoded, and its runs of whitespace made single spaces. */
export function singleLine(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ').trim();
}

/**
 * A WordPress excerpt as a standfirst: plain text on one line, at most ARTICLE_LIMITS.standfirst
 * characters, cut after a whole word (with an ellipsis) when it is longer.
 */
export function standfirstOf(excerptHtml: string): string {
  const text = singleLine(excerptHtml);
  const limit = ARTICLE_LIMITS.standfirst;
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  // Chinese and Japanese run without spaces: there the cut falls between characters instead.
  const kept = space > limit / 2 ? cut.slice(0, space) : cut.replace(/[\uD800-\uDBFF]$/, '');
  return `${kept.replace(/[\s,;:–—-]+$/, '')}…`;
}

/**
 * WordPress stores non-ASCII slugs percent-encoded ("%e6%b8%af%e9%90%b5"); the slug readers saw
 * was the decoded text. A malformed escape is kept as it is.
 */
export function decodeSlug(slug: string): string {
  const trimmed = slug.trim();
  if (!trimmed.includes('%')) return trimmed;
  try {
    return decodeURIComponent(trimmed);
  } catch {
    return trimmed;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text for an HTML text node or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

/**
 * An attribute value from WordPress markup, which may already hold entities (`a=1&amp;b=2`):
 * like WordPress's esc_attr, it escapes what needs escaping without encoding an entity twice.
 */
export function escapeAttribute(value: string): string {
  return value.replace(/&(?!#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;)|[<>"]/gi, (c) => ESCAPES[c]!);
}
