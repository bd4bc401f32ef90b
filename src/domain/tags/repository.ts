import type { Tag, TagAlias } from '../shared/model.ts';

/** A tag offered while typing; `alias` is the alias name that matched, when it was not the tag's own name. */
export interface TagSuggestion {
  readonly name: string;
  readonly slug: string;
  readonly alias?: string;
}

/** A row of the newsroom's tag list. */
export interface TagListing extends Tag {
  /** Every article with the tag, drafts included. */
  readonly articleCount: number;
  readonly aliases: readonly TagAlias[];
}

export interface TagRepository {
  findBySlug(slug: string): Promise<Tag | null>;
  /** The canonical tag an alias slug points at. */
  findByAliasSlug(slug: string): Promise<Tag | null>;
  /** Looks a name up among tag names and alias names alike, ignoring case. */
  findByNameOrAlias(name: string): Promise<Tag | null>;
  /** Whether a tag or an alias already uses this slug. */
  isSlugTaken(slug: string): Promise<boolean>;
  insert(tag: { slug: string; name: string; description: string; isSection: boolean; parentId?: number | null }): Promise<Tag>;
  /** Files the tag under a broader one (null: under none). */
  setParent(id: number, parentId: number | null): Promise<void>;
  /** The tags filed directly under this one, by name. */
  childrenOf(id: number): Promise<Tag[]>;
  /** Those of `ids` that tag at least one article public at `now`. */
  withPublicArticles(ids: readonly number[], now: Date): Promise<Set<number>>;
  findById(id: number): Promise<Tag | null>;
  /** A name or slug left out stays as it is. */
  update(id: number, changes: { name?: string; slug?: string; description: string; isSection: boolean }): Promise<void>;
  addAlias(alias: TagAlias): Promise<void>;
  removeAlias(tagId: number, slug: string): Promise<void>;
  aliasesOf(tagId: number): Promise<TagAlias[]>;
  /** Tags by name, with their article counts and aliases; `query` filters on names, slugs and aliases. */
  listWithCounts(filter: { query: string; limit: number; offset: number }): Promise<{ items: TagListing[]; total: number }>;
  countArticles(tagId: number): Promise<number>;
  /**
   * Retags every article of one tag with another, in the same place in its tag list; an article
   * that has both keeps one, at the earlier place.
   */
  moveArticles(fromTagId: number, toTagId: number): Promise<void>;
  moveAliases(fromTagId: number, toTagId: number): Promise<void>;
  delete(id: number): Promise<void>;
  /**
   * Tags whose name or alias contains `query` (compared as name keys), best first: exact, then
   * prefix, then substring matches; one entry per canonical tag.
   */
  suggest(query: string, limit: number): Promise<TagSuggestion[]>;
  /** Section tags in navigation order. */
  listSections(): Promise<Tag[]>;
  /** Every tag, by name: the choices of a tag's parent. */
  listAll(): Promise<Tag[]>;
}
