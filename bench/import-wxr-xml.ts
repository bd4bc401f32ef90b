/** The few XML rules WordPress's exporter follows, so the generated file is the same kind of XML. */

/** Where the generated file is written to, a string at a time. */
export interface Sink {
  write(text: string): Promise<void>;
}

export const SITE = 'https://harbourledger.example';

/** WordPress's wxr_cdata: text that contains `]]>` is split over two CDATA sections. */
export const cdata = (text: string): string => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** For the few elements and attributes WordPress writes without CDATA (links, guids, URLs, nicenames). */
export const escapeText = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

/** MySQL's DATETIME, as WordPress stores post and comment dates. */
export const sqlDate = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** What WordPress stores as the GMT date of a draft that was never saved with one. */
export const ZERO_DATE = '0000-00-00 00:00:00';

/** RSS's RFC 822 date, in the form WordPress prints it. */
export const pubDate = (ms: number): string => new Date(ms).toUTCString().replace('GMT', '+0000');

export const postmeta = (key: string, value: string): string =>
  `\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>${cdata(key)}</wp:meta_key>\n\t\t\t<wp:meta_value>${cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n`;

export const commentmeta = (key: string, value: string): string =>
  `\t\t\t<wp:commentmeta>\n\t\t\t\t<wp:meta_key>${cdata(key)}</wp:meta_key>\n\t\t\t\t<wp:meta_value>${cdata(value)}</wp:meta_value>\n\t\t\t</wp:commentmeta>\n`;

/** The per-item fields every post, page and attachment has, in the exporter's order. */
export interface ItemHead {
  readonly title: string;
  readonly link: string;
  /** null: a draft that was never saved with a date ("-0001" in WordPress's output). */
  readonly publishedAt: number | null;
  readonly modifiedAt: number;
  /** The site-local date WordPress keeps beside the GMT one, even for never-saved drafts. */
  readonly localAt: number;
  readonly creator: string;
  readonly guid: string;
  readonly content: string;
  readonly excerpt: string;
  readonly id: number;
  readonly commentStatus: 'open' | 'closed';
  readonly slug: string;
  readonly status: string;
  readonly parent: number;
  readonly menuOrder: number;
  readonly type: string;
  readonly password: string;
  readonly sticky: boolean;
}

/** The site's time zone is Hong Kong's, UTC+8 all year. */
const SITE_OFFSET_MS = 8 * 3_600_000;

export function itemHead(item: ItemHead): string {
  const gmt = (ms: number | null) => cdata(ms === null ? ZERO_DATE : sqlDate(ms));
  const local = (ms: number) => cdata(sqlDate(ms + SITE_OFFSET_MS));
  return (
    `\t<item>\n\t\t<title>${cdata(item.title)}</title>\n\t\t<link>${escapeText(item.link)}</link>\n` +
    `\t\t<pubDate>${item.publishedAt === null ? 'Mon, 30 Nov -0001 00:00:00 +0000' : pubDate(item.publishedAt)}</pubDate>\n` +
    `\t\t<dc:creator>${cdata(item.creator)}</dc:creator>\n\t\t<guid isPermaLink="false">${escapeText(item.guid)}</guid>\n` +
    `\t\t<description></description>\n\t\t<content:encoded>${cdata(item.content)}</content:encoded>\n` +
    `\t\t<excerpt:encoded>${cdata(item.excerpt)}</excerpt:encoded>\n\t\t<wp:post_id>${item.id}</wp:post_id>\n` +
    `\t\t<wp:post_date>${local(item.localAt)}</wp:post_date>\n\t\t<wp:post_date_gmt>${gmt(item.publishedAt)}</wp:post_date_gmt>\n` +
    `\t\t<wp:post_modified>${local(item.modifiedAt)}</wp:post_modified>\n` +
    `\t\t<wp:post_modified_gmt>${gmt(item.publishedAt === null ? null : item.modifiedAt)}</wp:post_modified_gmt>\n` +
    `\t\t<wp:comment_status>${cdata(item.commentStatus)}</wp:comment_status>\n\t\t<wp:ping_status>${cdata('closed')}</wp:ping_status>\n` +
    `\t\t<wp:post_name>${cdata(item.slug)}</wp:post_name>\n\t\t<wp:status>${cdata(item.status)}</wp:status>\n` +
    `\t\t<wp:post_parent>${item.parent}</wp:post_parent>\n\t\t<wp:menu_order>${item.menuOrder}</wp:menu_order>\n` +
    `\t\t<wp:post_type>${cdata(item.type)}</wp:post_type>\n\t\t<wp:post_password>${cdata(item.password)}</wp:post_password>\n` +
    `\t\t<wp:is_sticky>${item.sticky ? 1 : 0}</wp:is_sticky>\n`
  );
}
