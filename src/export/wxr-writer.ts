import type { ExportHead, PublicationWriter } from '../domain/exporting/export-publication.ts';
import type { ExportedArticle, ExportedMedia, ExportedPage, ExportedTag } from '../domain/exporting/repository.ts';
import { cdataElement, element, xmlText } from '../formats/xml.ts';
import type { TextSink } from './text-sink.ts';
import { rssDate } from './wordpress-dates.ts';
import { articleItem, attachmentItem, pageItem, wordpressSlug, type WxrContext } from './wxr-items.ts';

export const WXR_VERSION = '1.2';

/**
 * Writes the publication as WordPress eXtended RSS 1.2, the file WordPress's Tools → Export makes
 * and its importer reads: the authors, categories and tags first, then one item per attachment,
 * article and page, comments inside their article. Sections, hierarchy and featured articles have
 * WordPress equivalents (categories, parents, sticky posts); aliases, corrections, old slugs and
 * old addresses have none and are left out (docs/export-format.md).
 */
export class WxrPublicationWriter implements PublicationWriter {
  private context: WxrContext | null = null;

  constructor(private readonly sink: TextSink) {}

  async start(head: ExportHead): Promise<void> {
    const { articles, pages } = head.highestIds;
    const offsets = { article: 0, page: articles, media: articles + pages };
    const terms = termsOf(head.tags);
    this.context = {
      siteUrl: head.siteUrl,
      timeZone: head.site.timeZone,
      logins: new Map(head.authors.map((author) => [author.id, author.slug])),
      terms: new Map([...terms.entries()].map(([id, term]) => [id, { domain: term.domain, nicename: term.nicename, name: term.tag.name }])),
      postIdOf: (kind, id) => offsets[kind] + id,
    };
    const channel = [
      element('title', head.site.title),
      element('link', head.siteUrl),
      element('description', head.site.description),
      element('pubDate', rssDate(head.exportedAt)),
      element('language', head.site.language),
      element('wp:wxr_version', WXR_VERSION),
      element('wp:base_site_url', head.siteUrl),
      element('wp:base_blog_url', head.siteUrl),
      '',
      ...head.authors.map((author) =>
        [
          '<wp:author>',
          element('wp:author_id', author.id),
          cdataElement('wp:author_login', author.slug),
          cdataElement('wp:author_email', ''),
          cdataElement('wp:author_display_name', author.name),
          cdataElement('wp:author_first_name', ''),
          cdataElement('wp:author_last_name', ''),
          '</wp:author>',
        ].join(''),
      ),
      '',
      // The head lists parents before the tags under them, as WordPress's importer needs.
      ...[...terms.values()]
        .filter((term) => term.domain === 'category')
        .map(({ tag, nicename }) => {
          const parent = tag.parentId === null ? undefined : terms.get(tag.parentId);
          return [
            '<wp:category>',
            element('wp:term_id', tag.id),
            cdataElement('wp:category_nicename', nicename),
            cdataElement('wp:category_parent', parent?.nicename ?? ''),
            cdataElement('wp:cat_name', tag.name),
            tag.description ? cdataElement('wp:category_description', tag.description) : '',
            '</wp:category>',
          ].join('');
        }),
      ...[...terms.values()]
        .filter((term) => term.domain === 'post_tag')
        .map(({ tag, nicename }) =>
          [
            '<wp:tag>',
            element('wp:term_id', tag.id),
            cdataElement('wp:tag_slug', nicename),
            cdataElement('wp:tag_name', tag.name),
            tag.description ? cdataElement('wp:tag_description', tag.description) : '',
            '</wp:tag>',
          ].join(''),
        ),
      '',
      `<generator>${xmlText('Broadsheet')}</generator>`,
      '',
    ];
    await this.sink.write(
      [
        '<?xml version="1.0" encoding="UTF-8" ?>',
        '<!-- A WordPress eXtended RSS (WXR) export of a Broadsheet publication. WordPress imports it with Tools → Import → WordPress. -->',
        '<rss version="2.0"',
        `\txmlns:excerpt="http://wordpress.org/export/${WXR_VERSION}/excerpt/"`,
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"',
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"',
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"',
        `\txmlns:wp="http://wordpress.org/export/${WXR_VERSION}/"`,
        '>',
        '',
        '<channel>',
        ...channel.map((line) => (line ? `\t${line}` : '')),
        '',
      ].join('\n'),
    );
  }

  async media(page: readonly ExportedMedia[]): Promise<void> {
    const context = this.started();
    await this.sink.write(page.map((media) => attachmentItem(media, context)).join(''));
  }

  async articles(page: readonly ExportedArticle[]): Promise<void> {
    const context = this.started();
    await this.sink.write(page.map((article) => articleItem(article, context)).join(''));
  }

  async pages(page: readonly ExportedPage[]): Promise<void> {
    const context = this.started();
    await this.sink.write(page.map((sitePage) => pageItem(sitePage, context)).join(''));
  }

  async finish(): Promise<void> {
    await this.sink.write('</channel>\n</rss>\n');
  }

  private started(): WxrContext {
    if (!this.context) throw new Error('WxrPublicationWriter: start() must come first');
    return this.context;
  }
}

interface Term {
  readonly tag: ExportedTag;
  readonly domain: 'category' | 'post_tag';
  readonly nicename: string;
}

/**
 * Sections and tags that sit in a hierarchy become categories, which WordPress nests and themes
 * show as the site's navigation; every other tag stays a tag.
 */
function termsOf(tags: readonly ExportedTag[]): Map<number, Term> {
  const parents = new Set(tags.flatMap((tag) => (tag.parentId === null ? [] : [tag.parentId])));
  return new Map(
    tags.map((tag) => {
      const isCategory = tag.isSection || tag.parentId !== null || parents.has(tag.id);
      return [tag.id, { tag, domain: isCategory ? 'category' : 'post_tag', nicename: wordpressSlug(tag.slug) }];
    }),
  );
}
