import sanitizeHtml from 'sanitize-html';

/**
 * The only hosts an article may embed (video, audio, maps, charts): anything else in an iframe is
 * dropped, and the pages' Content-Security-Policy allows frames from these alone.
 */
export const EMBED_HOSTS: readonly string[] = [
  'www.youtube.com',
  'www.youtube-nocookie.com',
  'player.vimeo.com',
  'w.soundcloud.com',
  'open.spotify.com',
  'www.google.com',
  'datawrapper.dwcdn.net',
  'flo.uri.sh',
];

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
    iframe: ['src', 'width', 'height', 'title', 'allowfullscreen'],
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
  allowedSchemesByTag: { img: ['https', 'http', 'data'] },
  allowProtocolRelative: true,
  // A heading one (the page's headline) inside a body becomes a heading two.
  transformTags: { h1: 'h2' },
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
