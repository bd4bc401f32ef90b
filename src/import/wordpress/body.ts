import type { ImportNote } from '../../domain/importing/records.ts';
import { renderArticleBody } from '../../domain/shared/markdown.ts';
import { autoembed } from './embeds.ts';
import { expandShortcodes, type ShortcodeContext } from './shortcodes.ts';
import { wpautop } from './wpautop.ts';

/** `<!-- wp:paragraph -->`, `<!-- /wp:embed -->`: the block editor's markers, with the line break after them. */
const BLOCK_DELIMITER = /<!-- \/?wp:[\s\S]*?-->\n?/g;

const EMPTY_PARAGRAPH = /<p>\s*<\/p>\n?/g;

export interface WordpressBody {
  /** Sanitized HTML: both the body's source and its page HTML. */
  readonly html: string;
  readonly notes: readonly ImportNote[];
}

/**
 * A post's content:encoded as its readers saw it: shortcodes expanded, addresses on their own
 * line embedded, paragraphs made by wpautop, then sanitized like every imported body.
 *
 * Content written in the block editor is not run through wpautop: WordPress does not either
 * (do_blocks takes the filter off for content with `<!-- wp:` blocks), as it holds its <p>s.
 */
export function wordpressBody(content: string, context: ShortcodeContext): WordpressBody {
  const notes: ImportNote[] = [];
  if (content.trim() === '') return { html: '', notes: [{ code: 'body_empty' }] };
  const expanded = expandShortcodes(content, context);
  for (const name of expanded.unknown) notes.push({ code: 'unknown_shortcode', detail: name });
  const embedded = autoembed(expanded.html);
  const paragraphs = embedded.includes('<!-- wp:') ? embedded.replace(BLOCK_DELIMITER, '') : wpautop(embedded);
  // A paragraph that held only what the sanitizer removes (a script, a form) would be left empty.
  const html = renderArticleBody(paragraphs, 'html').replace(EMPTY_PARAGRAPH, '').trim();
  return { html, notes };
}
