import { renderCommentBody } from '../shared/markdown.ts';

/**
 * Whether a comment is plain text as readers write it here (its HTML is exactly what Broadsheet
 * makes of its text), rather than HTML brought in from another system and sanitized on the way.
 * Formats that keep the text and render it again on the other side need to know which.
 */
export function isPlainTextComment(comment: { readonly bodySource: string; readonly bodyHtml: string }): boolean {
  return renderCommentBody(comment.bodySource) === comment.bodyHtml;
}
