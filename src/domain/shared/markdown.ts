import MarkdownIt from 'markdown-it';
import { sanitizeArticleHtml } from './html-sanitize.ts';
import type { BodyFormat } from './model.ts';

/**
 * Article bodies: CommonMark with autolinks and typographic quotes. Raw HTML in the source is
 * escaped (`html: false`), so a body can never smuggle markup onto a page.
 */
const articleMarkdown = new MarkdownIt({ html: false, linkify: true, typographer: true });

/** The body's HTML for the page: Markdown rendered, or imported HTML sanitized. */
export function renderArticleBody(source: string, format: BodyFormat = 'markdown'): string {
  return format === 'html' ? sanitizeArticleHtml(source) : articleMarkdown.render(source);
}

/**
 * Reader comments are plain text: paragraphs, line breaks and auto-linked URLs, nothing else.
 * The 'zero' preset turns every other Markdown rule off, so `*` or `#` stay as typed.
 */
const commentMarkdown = new MarkdownIt('zero', { html: false, linkify: true, breaks: true }).enable(['linkify', 'newline']);

const defaultLinkOpen =
  commentMarkdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
commentMarkdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  // Links from readers earn no ranking credit and cannot reach back into the page.
  tokens[idx]!.attrSet('rel', 'nofollow ugc noopener');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderCommentBody(source: string): string {
  return commentMarkdown.render(source);
}
