import { cdata, element, xmlAttribute, xmlText } from '../../formats/xml.ts';
import type { FeedFormat } from '../../paths/site.ts';
import type { FeedDocument, FeedImage, FeedItem } from './document.ts';

/** Each format's media type, as served and as announced in pages' <link rel="alternate">. */
export const FEED_MEDIA_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

export const FEED_FORMAT_NAMES: Readonly<Record<FeedFormat, string>> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

/** The feed in one format. `now` stands in for an empty feed's last change, which Atom requires. */
export function renderFeed(feed: FeedDocument, format: FeedFormat, now: Date): string {
  if (format === 'rss') return renderRss(feed);
  if (format === 'atom') return renderAtom(feed, now);
  return renderJsonFeed(feed);
}

/** RSS 2.0: dates in RFC 822, the body in content:encoded, the byline in dc:creator (RSS's <author> wants an email). */
function renderRss(feed: FeedDocument): string {
  const items = feed.items.map(
    (item) =>
      '<item>' +
      element('title', item.title) +
      element('link', item.url) +
      `<guid isPermaLink="false">${xmlText(item.id)}</guid>` +
      element('pubDate', item.published.toUTCString()) +
      element('dc:creator', item.author.name) +
      item.categories.map((category) => `<category domain="${xmlAttribute(category.url)}">${xmlText(category.label)}</category>`).join('') +
      element('description', item.summary || item.contentHtml) +
      `<content:encoded>${cdata(item.contentHtml)}</content:encoded>` +
      (item.image ? rssImage(item.image) : '') +
      '</item>',
  );
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">' +
    '<channel>' +
    element('title', feed.title) +
    element('link', feed.homeUrl) +
    element('description', feed.description || feed.title) +
    element('language', feed.language) +
    (feed.updated ? element('lastBuildDate', feed.updated.toUTCString()) : '') +
    element('generator', 'Broadsheet') +
    `<atom:link href="${xmlAttribute(feed.feedUrl('rss'))}" rel="self" type="${FEED_MEDIA_TYPES.rss}"/>` +
    items.join('') +
    '</channel></rss>\n'
  );
}

/**
 * The featured picture twice over: Media RSS's `media:content`, which most readers show, with its
 * alt text and credit; and RSS's own `enclosure`, which needs the file's length in bytes.
 */
function rssImage(image: FeedImage): string {
  const attributes = `url="${xmlAttribute(image.url)}" type="${image.type}"`;
  return (
    `<media:content ${attributes} medium="image" width="${image.width}" height="${image.height}" fileSize="${image.bytes}">` +
    (image.caption ? `<media:title type="plain">${xmlText(image.caption)}</media:title>` : '') +
    (image.alt ? `<media:description type="plain">${xmlText(image.alt)}</media:description>` : '') +
    (image.credit ? `<media:credit>${xmlText(image.credit)}</media:credit>` : '') +
    '</media:content>' +
    `<enclosure url="${xmlAttribute(image.url)}" length="${image.bytes}" type="${image.type}"/>`
  );
}

/** Atom 1.0 (RFC 4287): dates in RFC 3339, the body as escaped HTML. */
function renderAtom(feed: FeedDocument, now: Date): string {
  const entries = feed.items.map(
    (item) =>
      `<entry${item.language ? ` xml:lang="${xmlAttribute(item.language)}"` : ''}>` +
      element('id', item.id) +
      element('title', item.title) +
      `<link rel="alternate" type="text/html" href="${xmlAttribute(item.url)}"/>` +
      (item.image
        ? `<link rel="enclosure" type="${item.image.type}" length="${item.image.bytes}" href="${xmlAttribute(item.image.url)}"/>`
        : '') +
      element('published', item.published.toISOString()) +
      element('updated', item.updated.toISOString()) +
      `<author>${element('name', item.author.name)}${item.author.url ? element('uri', item.author.url) : ''}</author>` +
      item.categories
        .map((category) => `<category term="${xmlAttribute(category.term)}" label="${xmlAttribute(category.label)}"/>`)
        .join('') +
      (item.summary ? element('summary', item.summary) : '') +
      `<content type="html">${xmlText(item.contentHtml)}</content>` +
      '</entry>',
  );
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlAttribute(feed.language)}">` +
    element('id', feed.feedUrl('atom')) +
    element('title', feed.title) +
    (feed.description ? element('subtitle', feed.description) : '') +
    element('updated', (feed.updated ?? now).toISOString()) +
    `<link rel="self" type="${FEED_MEDIA_TYPES.atom}" href="${xmlAttribute(feed.feedUrl('atom'))}"/>` +
    `<link rel="alternate" type="text/html" href="${xmlAttribute(feed.homeUrl)}"/>` +
    element('generator', 'Broadsheet') +
    entries.join('') +
    '</feed>\n'
  );
}

/** JSON Feed 1.1 (jsonfeed.org). */
function renderJsonFeed(feed: FeedDocument): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.feedUrl('json'),
    description: feed.description,
    language: feed.language,
    items: feed.items.map((item: FeedItem) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      content_html: item.contentHtml,
      ...(item.summary ? { summary: item.summary } : {}),
      date_published: item.published.toISOString(),
      date_modified: item.updated.toISOString(),
      authors: [item.author.url ? { name: item.author.name, url: item.author.url } : { name: item.author.name }],
      ...(item.categories.length > 0 ? { tags: item.categories.map((category) => category.label) } : {}),
      ...(item.language ? { language: item.language } : {}),
      ...(item.image ? { image: item.image.url } : {}),
    })),
  });
}
