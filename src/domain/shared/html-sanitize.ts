import sanitizeHtml from 'sanitize-html';

/**
 * The only players an article may embed (video, audio, maps, charts), each host with the paths
 * where its embeddable player lives: any other iframe is dropped with its contents, and the
 * pages' Content-Security-Policy allows frames from these hosts alone. A path prefix keeps a host's
 * ordinary pages (a YouTube channel, a Google search) out of the article.
 */
const EMBEDS: Readonly<Record<string, readonly string[]>> = {
  'www.youtube.com': ['/embed/'],
  'www.youtube-nocookie.com': ['/embed/'],
  'player.vimeo.com': ['/video/'],
  'w.soundcloud.com': ['/player/'],
  'open.spotify.com': ['/embed/', '/embed-podcast/'],
  'www.google.com': ['/maps/embed'],
  // Datawrapper serves nothing but embeddable charts from this host.
  'datawrapper.dwcdn.net': ['/'],
  'flo.uri.sh': ['/visualisation/', '/story/'],
};

export const EMBED_HOSTS: readonly string[] = Object.keys(EMBEDS);

/**
 * What an embedded player may do inside its frame: run its own script against its own origin (to
 * play), open the host's page in a new window and go full screen. Not: navigate this page, submit
 * forms to it, or download.
 */
export const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-presentation';

/**
 * The https address of an allowed player, or `null`. An http or protocol-relative `//host/...`
 * address becomes https: the pages allow https frames only, and every listed player serves https.
 */
export function embedSource(src: string | undefined): string | null {
  if (!src) return null;
  let url: URL;
  try {
    url = new URL(src.trim(), 'https://invalid.invalid/');
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const paths = Object.hasOwn(EMBEDS, url.hostname) ? EMBEDS[url.hostname]! : [];
  if (!paths.some((prefix) => url.pathname.startsWith(prefix)) || url.username || url.password) return null;
  url.protocol = 'https:';
  return url.href;
}

/**
 * Ids and fragment links inside a body live in the page's own id space: an article's
 * `id="comments"` would hijack the page's comment link. Like GitHub, prefix them, and point
 * in-body `#x` links at the prefixed id so footnotes still work. Idempotent, so stored HTML can be
 * sanitized again.
 */
export const ID_PREFIX = 'user-content-';

function namespaced(id: string): string {
  return id.startsWith(ID_PREFIX) ? id : ID_PREFIX + id;
}

/** The one tag transform (sanitize-html applies `*` or a tag's own, never both). */
function transformArticleTag(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const kept: sanitizeHtml.Attributes = { ...attribs };
  if (kept.id) kept.id = namespaced(kept.id);
  if (tagName === 'a' && kept.href?.startsWith('#') && kept.href.length > 1) kept.href = `#${namespaced(kept.href.slice(1))}`;
  if (tagName === 'iframe') {
    const src = embedSource(kept.src);
    if (src) kept.src = src;
    else delete kept.src;
    kept.sandbox = EMBED_SANDBOX;
  }
  // A heading one (the page's headline) inside a body becomes a heading two.
  return { tagName: tagName === 'h1' ? 'h2' : tagName, attribs: kept };
}

/**
 * What an HTML article body may keep: the structure and inline markup of a news story, images and
 * embedded media from any https or http address, and nothing that runs code or restyles the page.
 * Scripts, styles, event handlers, forms and iframes from unknown hosts are dropped.
 */
const ARTICLE_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'kbd',
    'samp',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'del',
    'ins',
    'mark',
    'small',
    'sub',
    'sup',
    'abbr',
    'cite',
    'q',
    'time',
    'a',
    'img',
    'figure',
    'figcaption',
    'picture',
    'source',
    'audio',
    'video',
    'track',
    'table',
    'caption',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'col',
    'colgroup',
    'span',
    'div',
    'section',
    'aside',
    'details',
    'summary',
    'iframe',
    'ruby',
    'rt',
    'rp',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'hreflang'],
    img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading'],
    source: ['src', 'srcset', 'type', 'media', 'sizes'],
    audio: ['src', 'controls', 'preload'],
    video: ['src', 'controls', 'preload', 'poster', 'width', 'height'],
    track: ['src', 'kind', 'srclang', 'label'],
    iframe: ['src', 'width', 'height', 'title', 'allowfullscreen', 'sandbox'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    col: ['span'],
    ol: ['start', 'reversed'],
    time: ['datetime'],
    abbr: ['title'],
    q: ['cite'],
    blockquote: ['cite'],
    '*': ['lang', 'dir', 'id'],
  },
  allowedIframeHostnames: [...EMBED_HOSTS],
  allowedSchemes: ['https', 'http', 'mailto', 'tel'],
  // `media:ID` names a picture of the library (the body renderer makes it a responsive figure).
  allowedSchemesByTag: { img: ['https', 'http', 'data', 'media'] },
  allowProtocolRelative: true,
  transformTags: { '*': transformArticleTag },
  // An iframe left without an allowed player's address goes, contents and all.
  exclusiveFilter: (frame) => frame.tag === 'iframe' && !frame.attribs.src,
};

export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, ARTICLE_HTML);
}

/**
 * Comments brought in from another system keep the little markup readers could use there
 * (paragraphs, emphasis, links, quotes, code); links earn no ranking credit, as on comments
 * written here.
 */
const COMMENT_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a', 'em', 'i', 'strong', 'b', 'code', 'pre', 'blockquote', 'q', 'del', 's', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }) },
};

export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(html, COMMENT_HTML);
}
