import { renderShortcode, type ShortcodeContext, type ShortcodeTag } from './shortcode-renderers.ts';

export type { ShortcodeContext } from './shortcode-renderers.ts';

export interface ExpandedShortcodes {
  readonly html: string;
  /** Names of shortcodes left as they were written, each once, in order of appearance. */
  readonly unknown: readonly string[];
}

/**
 * Expands the shortcodes WordPress's core provides ([caption], [embed], [gallery], [audio],
 * [video]) into HTML and leaves every other one visible as written, naming it in `unknown`.
 * `[[name]]` is WordPress's way of writing a shortcode literally; it prints `[name]`.
 * Shortcodes inside HTML tags (an attribute value) are left alone.
 */
export function expandShortcodes(content: string, context: ShortcodeContext): ExpandedShortcodes {
  const unknown = new Set<string>();
  const html = content.includes('[') ? expand(content, context, unknown) : content;
  return { html, unknown: [...unknown] };
}

function expand(text: string, context: ShortcodeContext, unknown: Set<string>): string {
  let out = '';
  let at = 0;
  for (;;) {
    const next = nextSpecial(text, at);
    if (next === -1) return out + text.slice(at);
    out += text.slice(at, next);
    if (text[next] === '<') {
      const close = text.indexOf('>', next);
      const end = close === -1 ? text.length : close + 1;
      out += text.slice(next, end);
      at = end;
      continue;
    }
    if (text[next + 1] === '[') {
      const escaped = readEscaped(text, next);
      out += escaped?.literal ?? '[';
      at = escaped?.end ?? next + 1;
      continue;
    }
    const tag = readTag(text, next);
    if (!tag) {
      out += '[';
      at = next + 1;
      continue;
    }
    const enclosed = tag.selfClosing ? null : findClosing(text, tag.name, tag.end);
    const content = enclosed ? text.slice(tag.end, enclosed.start) : null;
    const rendered = renderShortcode(tag, content, context, (inner) => expand(inner, context, unknown));
    if (rendered === null) {
      // Not ours to render: the opening tag stays as text and whatever follows is read as usual.
      unknown.add(tag.name);
      out += tag.source;
      at = tag.end;
    } else {
      out += rendered;
      at = enclosed ? enclosed.end : tag.end;
    }
  }
}

/** The next `[` that may open a shortcode, or `<` that opens a tag to step over. */
function nextSpecial(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b) return i;
    if (c === 0x3c && /[a-zA-Z/!]/.test(text[i + 1] ?? '')) return i;
  }
  return -1;
}

// Lower case only, as WordPress's own and plugins' shortcodes are: "[Update 5pm]" in prose is no tag.
const NAME = /[a-z][a-z0-9_-]*/y;

/** Reads `[name …]` at `open`; null when the text there is not a shortcode tag. */
export function readTag(text: string, open: number): ShortcodeTag | null {
  NAME.lastIndex = open + 1;
  const name = NAME.exec(text)?.[0];
  if (!name) return null;
  const afterName = open + 1 + name.length;
  const following = text[afterName];
  if (following !== ']' && following !== '/' && !/\s/.test(following ?? '')) return null;
  const close = text.indexOf(']', afterName);
  if (close === -1) return null;
  const inside = text.slice(afterName, close);
  // A blank line before the `]` means prose in brackets, not a tag.
  if (inside.includes('[') || inside.includes('\n\n')) return null;
  const selfClosing = inside.endsWith('/');
  return {
    name,
    attributes: parseAttributes(selfClosing ? inside.slice(0, -1) : inside),
    source: text.slice(open, close + 1),
    selfClosing,
    end: close + 1,
  };
}

function findClosing(text: string, name: string, from: number): { start: number; end: number } | null {
  const closing = `[/${name}]`;
  const start = text.indexOf(closing, from);
  return start === -1 ? null : { start, end: start + closing.length };
}

/** `[[name …]]` → `[name …]`, and `[[name]…[/name]]` → `[name]…[/name]`. */
function readEscaped(text: string, open: number): { literal: string; end: number } | null {
  const tag = readTag(text, open + 1);
  if (!tag) return null;
  if (text[tag.end] === ']') return { literal: tag.source, end: tag.end + 1 };
  const closing = findClosing(text, tag.name, tag.end);
  if (!closing || text[closing.end] !== ']') return null;
  return { literal: text.slice(open + 1, closing.end), end: closing.end + 1 };
}

/** WordPress's get_shortcode_atts_regex(): name="value", name='value', name=value, or a bare value. */
const ATTRIBUTE =
  /([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)/g;

/** WordPress's shortcode_parse_atts: names lower-cased; bare values numbered from 0. */
export function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  let position = 0;
  for (const m of text.replace(/[\u00a0\u200b]+/g, ' ').matchAll(ATTRIBUTE)) {
    if (m[1] !== undefined) attributes[m[1].toLowerCase()] = m[2]!;
    else if (m[3] !== undefined) attributes[m[3].toLowerCase()] = m[4]!;
    else if (m[5] !== undefined) attributes[m[5].toLowerCase()] = m[6]!;
    else attributes[String(position++)] = m[7] ?? m[8] ?? m[9]!;
  }
  return attributes;
}
