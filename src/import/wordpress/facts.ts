import type { ImportSource } from '../../domain/importing/records.ts';
import type { GalleryImage } from './shortcode-renderers.ts';
import { decodeSlug, singleLine } from './text.ts';
import { ownCopy, type WxrItem, type WxrTerm } from './wxr.ts';

/**
 * What the first pass learns that the second needs before the items that use it: the site, and
 * the few links that may point forward in the file (a featured image or gallery image listed
 * after its post, a category after its child). Small maps of ids, whatever the file's size.
 */
export interface WxrFacts {
  readonly source: ImportSource;
  readonly totalBytes: number;
  /** Posts and pages in the file. */
  readonly entries: number;
  /** Attachment id → the posts whose featured image it is. */
  readonly featuredOn: ReadonlyMap<string, readonly string[]>;
  readonly attachments: ReadonlyMap<string, GalleryImage>;
  /** Post id → the attachments uploaded to it, in file order. */
  readonly attachmentsOf: ReadonlyMap<string, readonly string[]>;
  /** Category slug (decoded) → its parent's slug. */
  readonly categoryParents: ReadonlyMap<string, string>;
}

/** Statuses whose items are not brought over, so they feature no image. */
export const LEFT_OUT_STATUSES: ReadonlySet<string> = new Set(['trash', 'auto-draft']);

const POSITIVE_ID = /^[1-9]\d*$/;

export class FactsCollector {
  readonly featuredOn = new Map<string, string[]>();
  readonly attachments = new Map<string, GalleryImage>();
  readonly attachmentsOf = new Map<string, string[]>();
  readonly categoryParents = new Map<string, string>();
  entries = 0;

  addTerm(term: WxrTerm): void {
    const slug = decodeSlug(term.slug);
    if (term.taxonomy.trim() === 'category' && slug && term.parent.trim())
      this.categoryParents.set(ownCopy(slug), ownCopy(decodeSlug(term.parent)));
  }

  addItem(item: WxrItem): void {
    const type = item.postType.trim();
    const id = item.postId!.trim();
    const status = item.status.trim();
    if (type === 'post' || type === 'page') this.entries++;
    if (type === 'post' && !LEFT_OUT_STATUSES.has(status)) {
      const thumbnail = item.meta.get('_thumbnail_id')?.trim() ?? '';
      if (POSITIVE_ID.test(thumbnail)) push(this.featuredOn, ownCopy(thumbnail), ownCopy(id));
    }
    if (type === 'attachment' && !LEFT_OUT_STATUSES.has(status)) {
      this.attachments.set(ownCopy(id), {
        url: ownCopy(attachmentUrlOf(item)),
        alt: ownCopy(singleLine(item.meta.get('_wp_attachment_image_alt') ?? '')),
        caption: ownCopy(singleLine(item.excerpt)),
      });
      const parent = item.postParent.trim();
      if (POSITIVE_ID.test(parent)) push(this.attachmentsOf, ownCopy(parent), ownCopy(id));
    }
  }
}

/** The file's address: WordPress's attachment_url, or for old exports the guid, which held it. */
export function attachmentUrlOf(item: WxrItem): string {
  return item.attachmentUrl.trim() || item.guid.trim();
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
