import type { ImportedAuthor, ImportedSkip, ImportedTag, ImportSource } from '../../domain/importing/records.ts';
import type { JsonPath } from '../json-rows.ts';
import { asRow, idOf, requiredId, textOf, type GhostRow } from './fields.ts';

/** The tables besides posts that a Ghost export holds, each small next to the posts. */
export const RELATION_TABLES = ['tags', 'users', 'posts_tags', 'posts_authors', 'posts_meta', 'settings', 'roles', 'roles_users'] as const;
export type RelationTable = (typeof RELATION_TABLES)[number];

interface Link {
  readonly id: string;
  readonly order: number;
}

interface FeatureImageText {
  readonly alt: string;
  readonly caption: string;
}

/**
 * What the first pass over a Ghost export gathers: tags, users and settings, and for every post
 * its tags, its authors and its feature image's alt text and caption. Only these small tables are
 * kept; the posts are read afterwards, one at a time.
 */
export class GhostSite {
  private readonly tags: Array<{ row: GhostRow; id: string }> = [];
  private readonly users: Array<{ row: GhostRow; id: string }> = [];
  private readonly tagsOfPost = new Map<string, Link[]>();
  private readonly authorsOfPost = new Map<string, Link[]>();
  private readonly imageTextOfPost = new Map<string, FeatureImageText>();
  private readonly settings = new Map<string, string>();
  private readonly ownerRoleIds = new Set<string>();
  private readonly roleOfUser = new Map<string, string[]>();
  private hasAuthorLinks = false;
  private internalTagIds: Set<string> | null = null;
  /** The first post's id: the source's key when the file has no users. */
  firstPostId: string | null = null;

  add(table: RelationTable, value: unknown, path: JsonPath): void {
    const row = asRow(value, path, `a row of ${table}`);
    if (table === 'tags') this.tags.push({ row, id: requiredId(row, path, 'a tag') });
    else if (table === 'users') this.users.push({ row, id: requiredId(row, path, 'a user') });
    else if (table === 'posts_tags') link(this.tagsOfPost, row, 'tag_id');
    else if (table === 'posts_authors') {
      this.hasAuthorLinks = true;
      link(this.authorsOfPost, row, 'author_id');
    } else if (table === 'posts_meta') {
      const postId = idOf(row, 'post_id');
      const alt = textOf(row, 'feature_image_alt');
      const caption = textOf(row, 'feature_image_caption');
      if (postId && (alt || caption)) this.imageTextOfPost.set(postId, { alt, caption });
    } else if (table === 'settings') {
      const key = textOf(row, 'key');
      if (key && typeof row.value === 'string') this.settings.set(key, row.value);
    } else if (table === 'roles') {
      const id = idOf(row, 'id');
      if (id && textOf(row, 'name') === 'Owner') this.ownerRoleIds.add(id);
    } else {
      const userId = idOf(row, 'user_id');
      const roleId = idOf(row, 'role_id');
      if (userId && roleId) this.roleOfUser.set(userId, [...(this.roleOfUser.get(userId) ?? []), roleId]);
    }
  }

  /**
   * The settings have no address of the site (Ghost keeps it in its config file), so a file
   * that does not carry one is known by its owner: the account Ghost makes first, which cannot be
   * deleted, keeps its id in every later export of the same site. Without users, the first post.
   */
  source(): ImportSource {
    const url = this.siteUrl();
    const title = this.settings.get('title')?.trim();
    const owner = this.owner();
    const key = url ?? owner?.id ?? this.firstPostId ?? 'unknown';
    const name = url ?? (title ? `“${title}”` : owner ? `of ${textOf(owner.row, 'name') || owner.id}` : key);
    return { key: `ghost:${key}`, label: `Ghost site ${name}` };
  }

  /** The site's address, when the file carries one. */
  siteUrl(): string | null {
    const url = this.settings.get('url')?.trim();
    return url && /^https?:\/\/[^/]+/i.test(url) ? url.replace(/\/+$/, '') : null;
  }

  /** Authors are the users who wrote a post; every user when the file links no authors to posts (Ghost 0.x). */
  authorRecords(): ImportedAuthor[] {
    const writers = new Set([...this.authorsOfPost.values()].flatMap((links) => links.map((l) => l.id)));
    return this.users
      .filter(({ id }) => !this.hasAuthorLinks || writers.has(id))
      .map(({ row, id }) => {
        const slug = textOf(row, 'slug').trim();
        return {
          kind: 'author',
          externalId: id,
          name: textOf(row, 'name').trim() || slug || id,
          slug: slug || null,
          bio: textOf(row, 'bio'),
          legacyPaths: slug ? [`/author/${slug}/`] : [],
        };
      });
  }

  /**
   * Public tags, parents before their children; internal tags ("#newsletter", visibility
   * internal) drive Ghost themes, not readers, and are reported as skipped.
   */
  tagRecords(): Array<ImportedTag | ImportedSkip> {
    const internal = this.internalTags();
    const records: Array<ImportedTag | ImportedSkip> = [];
    const emitted = new Set<string>();
    const byId = new Map(this.tags.map((tag) => [tag.id, tag]));
    const emit = (tag: { row: GhostRow; id: string }, seen: Set<string>): void => {
      if (emitted.has(tag.id)) return;
      emitted.add(tag.id);
      if (internal.has(tag.id)) {
        const note = { code: 'unsupported_type', detail: 'internal tag' } as const;
        records.push({ kind: 'skip', of: 'tag', externalId: tag.id, title: textOf(tag.row, 'name'), note });
        return;
      }
      const parentId = idOf(tag.row, 'parent_id');
      const parent = parentId && !internal.has(parentId) && !seen.has(parentId) ? byId.get(parentId) : undefined;
      if (parent) emit(parent, new Set([...seen, tag.id]));
      const slug = textOf(tag.row, 'slug').trim();
      records.push({
        kind: 'tag',
        externalId: tag.id,
        name: textOf(tag.row, 'name').trim() || slug || tag.id,
        slug: slug || null,
        description: textOf(tag.row, 'description'),
        parentExternalId: parent ? parent.id : null,
        legacyPaths: slug ? [`/tag/${slug}/`] : [],
      });
    };
    for (const tag of this.tags) emit(tag, new Set([tag.id]));
    return records;
  }

  /** The post's public tags, in the order the editor gave them. */
  tagsOf(postId: string): string[] {
    const internal = this.internalTags();
    return ordered(this.tagsOfPost.get(postId)).filter((id) => !internal.has(id));
  }

  /** The post's primary author: the first of its authors, else the single author older Ghost kept on the post. */
  primaryAuthorOf(postId: string, post: GhostRow): string | null {
    return ordered(this.authorsOfPost.get(postId))[0] ?? idOf(post, 'author_id');
  }

  featureImageTextOf(postId: string, post: GhostRow): FeatureImageText {
    // Ghost 3 and earlier kept the alt text and caption on the post itself.
    return this.imageTextOfPost.get(postId) ?? { alt: textOf(post, 'feature_image_alt'), caption: textOf(post, 'feature_image_caption') };
  }

  private internalTags(): Set<string> {
    this.internalTagIds ??= new Set(
      this.tags.filter(({ row }) => textOf(row, 'visibility') === 'internal' || textOf(row, 'name').startsWith('#')).map(({ id }) => id),
    );
    return this.internalTagIds;
  }

  private owner(): { row: GhostRow; id: string } | null {
    const owner = this.users.find(({ id }) => (this.roleOfUser.get(id) ?? []).some((role) => this.ownerRoleIds.has(role)));
    if (owner) return owner;
    // Ghost's ids grow with time (ObjectIds, or numbers in Ghost 0.x): the smallest is the first account.
    const byAge = [...this.users].sort((a, b) => compareIds(a.id, b.id));
    return byAge[0] ?? null;
  }
}

function link(links: Map<string, Link[]>, row: GhostRow, field: string): void {
  const postId = idOf(row, 'post_id');
  const id = idOf(row, field);
  if (!postId || !id) return;
  const order = typeof row.sort_order === 'number' ? row.sort_order : Number.MAX_SAFE_INTEGER;
  const list = links.get(postId);
  if (list) list.push({ id, order });
  else links.set(postId, [{ id, order }]);
}

function ordered(links: readonly Link[] | undefined): string[] {
  if (!links) return [];
  return [...new Set([...links].sort((a, b) => a.order - b.order).map((l) => l.id))];
}

function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
