import { embedHtml, videoPlayerUrl } from './embeds.ts';
import { escapeAttribute, escapeHtml } from './text.ts';

/** One `[name attributes]` or `[name attributes /]` tag, as read from the text. */
export interface ShortcodeTag {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The text of the tag itself, brackets included. */
  readonly source: string;
  readonly selfClosing: boolean;
  /** Index just past the closing `]`. */
  readonly end: number;
}

/** An attachment as a gallery shows it. */
export interface GalleryImage {
  readonly url: string;
  readonly alt: string;
  /** Plain text. */
  readonly caption: string;
}

/** What the shortcodes of one post may refer to: the attachments the first pass found in the file. */
export interface ShortcodeContext {
  readonly postId: string;
  attachment(id: string): GalleryImage | undefined;
  /** The attachments uploaded to a post, in file order: what a [gallery] without ids shows. */
  attachmentsOf(postId: string): readonly string[];
}

type Attributes = ShortcodeTag['attributes'];

/**
 * The HTML of one of WordPress's core shortcodes, or null for one this importer does not render
 * (then it stays visible as written). The output is wrapped in block elements so wpautop, which
 * runs next, does not put it inside a paragraph, as WordPress's shortcode_unautop would not.
 */
export function renderShortcode(
  tag: ShortcodeTag,
  content: string | null,
  context: ShortcodeContext,
  expandInner: (html: string) => string,
): string | null {
  const attributes = tag.attributes;
  switch (tag.name) {
    case 'caption':
    case 'wp_caption':
      return caption(attributes, content ?? '', expandInner);
    case 'embed': {
      const address = (content ?? attributes.src ?? '').trim();
      return address ? embedHtml(address, attributes) : '';
    }
    case 'gallery':
      return gallery(attributes, context);
    case 'audio':
      return audio(attributes);
    case 'video':
      return video(attributes);
    default:
      return null;
  }
}

/** `[caption]<img …/> Text[/caption]`: WordPress's img_caption_shortcode, as HTML5 themes print it. */
function caption(attributes: Attributes, content: string, expandInner: (html: string) => string): string {
  let media = content;
  let text = attributes.caption ?? '';
  if (!attributes.caption) {
    const split = /((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*<\/a>)?)(.*)/is.exec(content);
    if (split) {
      media = split[1]!;
      text = split[2]!.trim();
    }
  }
  const inner = expandInner(media).trim();
  return text ? `<figure>${inner}<figcaption>${expandInner(text)}</figcaption></figure>` : inner;
}

/** `[gallery ids="1,2"]`, or without ids the post's own uploads; null when none of them is in the file. */
function gallery(attributes: Attributes, context: ShortcodeContext): string | null {
  const listed = (attributes.ids ?? attributes.include ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => /^[1-9]\d*$/.test(id));
  const ids = listed.length > 0 ? listed : context.attachmentsOf(context.postId);
  const images = ids.flatMap((id) => context.attachment(id) ?? []);
  if (images.length === 0) return null;
  const figures = images.map((image) => {
    const img = `<img src="${escapeAttribute(image.url)}" alt="${escapeAttribute(image.alt)}" />`;
    return `<figure>${img}${image.caption ? `<figcaption>${escapeHtml(image.caption)}</figcaption>` : ''}</figure>`;
  });
  return `<figure>${figures.join('')}</figure>`;
}

const firstOf = (attributes: Attributes, names: readonly string[]) => names.map((name) => attributes[name]?.trim()).find(Boolean);
const dimension = (attributes: Attributes, name: 'width' | 'height') =>
  /^\d+$/.test(attributes[name] ?? '') ? ` ${name}="${attributes[name]}"` : '';

function audio(attributes: Attributes): string | null {
  const source = firstOf(attributes, ['src', 'mp3', 'm4a', 'ogg', 'wav', 'wma']);
  return source ? `<figure><audio controls src="${escapeAttribute(source)}"></audio></figure>` : null;
}

function video(attributes: Attributes): string | null {
  const source = firstOf(attributes, ['src', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv']);
  if (!source) return null;
  if (videoPlayerUrl(source)) return embedHtml(source, attributes);
  const poster = attributes.poster ? ` poster="${escapeAttribute(attributes.poster)}"` : '';
  const size = dimension(attributes, 'width') + dimension(attributes, 'height');
  return `<figure><video controls src="${escapeAttribute(source)}"${poster}${size}></video></figure>`;
}
