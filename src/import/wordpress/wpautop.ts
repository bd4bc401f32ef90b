/**
 * WordPress's wpautop (wp-includes/formatting.php, WordPress 6.x), ported step by step so that a
 * post reads here as it read there: blank lines become paragraphs, single line breaks `<br />`,
 * block elements are never wrapped in `<p>`, and `<pre>` is left exactly as written.
 *
 * Two details keep the port faithful: PHP's `\s` (PCRE without the u flag) is ASCII whitespace
 * only, so a line of ideographic or no-break spaces is text here too (WS below); and PHP's `$`
 * also matches before a final newline, written `(?=\n?$)` here.
 */
const WS = '[ \\t\\n\\r\\f\\v]';
const BLOCKS =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)';

const re = (source: string, flags = 'g') => new RegExp(source, flags);

const BR_PAIR = re(`<br${WS}*/?>${WS}*<br${WS}*/?>`);
const BLOCK_OPEN = re(`(<${BLOCKS}[ \\t\\n\\r\\f\\v/>])`);
const BLOCK_CLOSE = re(`(</${BLOCKS}>)`);
const HR = re(`(<hr${WS}*?/?>)`);
const OPTION_BEFORE = re(`${WS}*<option`);
const OPTION_AFTER = re(`</option>${WS}*`);
const OBJECT_OPEN = re(`(<object[^>]*>)${WS}*`);
const OBJECT_CLOSE = re(`${WS}*</object>`);
const PARAM_EMBED = re(`${WS}*(</?(?:param|embed)[^>]*>)${WS}*`);
const MEDIA_OPEN = re(`([<\\[](?:audio|video)[^>\\]]*[>\\]])${WS}*`);
const MEDIA_CLOSE = re(`${WS}*([<\\[]/(?:audio|video)[>\\]])`);
const SOURCE_TRACK = re(`${WS}*(<(?:source|track)[^>]*>)${WS}*`);
const FIGCAPTION_OPEN = re(`${WS}*(<figcaption[^>]*>)`);
const FIGCAPTION_CLOSE = re(`</figcaption>${WS}*`);
const PARAGRAPH_BREAK = re(`\\n${WS}*\\n`);
const EMPTY_P = re(`<p>${WS}*</p>`);
const UNCLOSED_P_IN_BLOCK = /<p>([^<]+)<\/(div|address|form)>/g;
const P_AROUND_BLOCK_TAG = re(`<p>${WS}*(</?${BLOCKS}[^>]*>)${WS}*</p>`);
const P_AROUND_LI = /<p>(<li.+?)<\/p>/g;
const P_AROUND_BLOCKQUOTE = /<p><blockquote([^>]*)>/gi;
const P_BEFORE_BLOCK_TAG = re(`<p>${WS}*(</?${BLOCKS}[^>]*>)`);
const P_AFTER_BLOCK_TAG = re(`(</?${BLOCKS}[^>]*>)${WS}*</p>`);
const RAW_NEWLINE_ELEMENTS = /<(script|style|svg|math).*?<\/\1>/gs;
const BARE_NEWLINE = re(`(?<!<br />)${WS}*\\n`);
const BR_AFTER_BLOCK_TAG = re(`(</?${BLOCKS}[^>]*>)${WS}*<br />`);
const BR_BEFORE_BLOCK_TAG = re(`<br />(${WS}*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`);
const LAST_P_NEWLINE = /\n<\/p>(?=\n?$)/;

const NEWLINE_IN_TAG = ' <!-- wpnl --> ';
const PRESERVED_NEWLINE = '<WPPreserveNewline />';

export function wpautop(input: string, br = true): string {
  if (phpTrim(input) === '') return '';
  const pre = new PreBlocks();
  let text = pre.stash(input + '\n');

  text = text.replace(BR_PAIR, '\n\n');
  text = text.replace(BLOCK_OPEN, '\n\n$1');
  text = text.replace(BLOCK_CLOSE, '$1\n\n');
  text = text.replace(HR, '$1\n\n');
  text = text.replace(/\r\n|\r/g, '\n');
  text = replaceInTags(text, '\n', NEWLINE_IN_TAG);
  if (text.includes('<option')) text = text.replace(OPTION_BEFORE, '<option').replace(OPTION_AFTER, '</option>');
  if (text.includes('</object>')) {
    text = text.replace(OBJECT_OPEN, '$1').replace(OBJECT_CLOSE, '</object>').replace(PARAM_EMBED, '$1');
  }
  if (text.includes('<source') || text.includes('<track')) {
    text = text.replace(MEDIA_OPEN, '$1').replace(MEDIA_CLOSE, '$1').replace(SOURCE_TRACK, '$1');
  }
  if (text.includes('<figcaption')) text = text.replace(FIGCAPTION_OPEN, '$1').replace(FIGCAPTION_CLOSE, '</figcaption>');
  text = text.replace(/\n\n+/g, '\n\n');

  text = text
    .split(PARAGRAPH_BREAK)
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.replace(/^\n+|\n+$/g, '')}</p>\n`)
    .join('');

  text = text.replace(EMPTY_P, '');
  text = text.replace(UNCLOSED_P_IN_BLOCK, '<p>$1</p></$2>');
  text = text.replace(P_AROUND_BLOCK_TAG, '$1');
  text = text.replace(P_AROUND_LI, '$1');
  text = text.replace(P_AROUND_BLOCKQUOTE, '<blockquote$1><p>').replaceAll('</blockquote></p>', '</p></blockquote>');
  text = text.replace(P_BEFORE_BLOCK_TAG, '$1');
  text = text.replace(P_AFTER_BLOCK_TAG, '$1');
  if (br) {
    text = text.replace(RAW_NEWLINE_ELEMENTS, (element) => element.replaceAll('\n', PRESERVED_NEWLINE));
    text = text.replaceAll('<br>', '<br />').replaceAll('<br/>', '<br />');
    text = text.replace(BARE_NEWLINE, '<br />\n');
    text = text.replaceAll(PRESERVED_NEWLINE, '\n');
  }
  text = text.replace(BR_AFTER_BLOCK_TAG, '$1');
  text = text.replace(BR_BEFORE_BLOCK_TAG, '$1');
  text = text.replace(LAST_P_NEWLINE, '</p>');

  text = pre.restore(text);
  if (text.includes('<!-- wpnl -->')) text = text.replaceAll(NEWLINE_IN_TAG, '\n').replaceAll('<!-- wpnl -->', '\n');
  return text;
}

/** PHP's trim() with its default characters. */
function phpTrim(text: string): string {
  return text.replace(/^[ \t\n\r\0\v]+|[ \t\n\r\0\v]+$/g, '');
}

/** `<pre>` blocks swapped for placeholders while the rest is reflowed, then put back untouched. */
class PreBlocks {
  private readonly blocks: Array<[placeholder: string, original: string]> = [];

  stash(text: string): string {
    if (!text.includes('<pre')) return text;
    const parts = text.split('</pre>');
    const last = parts.pop()!;
    let out = '';
    for (const part of parts) {
      const start = part.indexOf('<pre');
      // Malformed HTML (a stray </pre>): WordPress drops the stray closing tag, and so does this.
      if (start === -1) {
        out += part;
        continue;
      }
      const placeholder = `<pre wp-pre-tag-${this.blocks.length}></pre>`;
      this.blocks.push([placeholder, `${part.slice(start)}</pre>`]);
      out += part.slice(0, start) + placeholder;
    }
    return out + last;
  }

  restore(text: string): string {
    for (const [placeholder, original] of this.blocks) text = text.replaceAll(placeholder, original);
    return text;
  }
}

/**
 * WordPress's wp_replace_in_html_tags: replaces `needle` only inside tags, comments and CDATA
 * sections, found the way wp_html_split finds them (an unterminated one runs to the end).
 */
function replaceInTags(text: string, needle: string, replacement: string): string {
  if (!text.includes('<')) return text;
  let out = '';
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    if (open === -1) break;
    const end = elementEnd(text, open);
    out += text.slice(at, open) + text.slice(open, end).replaceAll(needle, replacement);
    at = end;
  }
  return out + text.slice(at);
}

function elementEnd(text: string, open: number): number {
  const endOf = (terminator: string, from: number) => {
    const found = text.indexOf(terminator, from);
    return found === -1 ? text.length : found + terminator.length;
  };
  if (text.startsWith('<!--', open)) return endOf('-->', open + 2);
  if (text.startsWith('<![CDATA[', open)) return endOf(']]>', open + 9);
  return endOf('>', open + 1);
}
