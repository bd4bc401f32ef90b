import { ConflictError, NotFoundError } from '../shared/errors.ts';
import { pageOf } from '../shared/paging.ts';
import type { ArticleSummary, Page, Tag, TagAlias } from '../shared/model.ts';
import { slugify, uniqueSlug } from '../shared/slug.ts';
import type { StaffActor } from '../shared/policy.ts';
import type { TagsDeps } from './ports.ts';
import { listPublicArticles } from '../articles/public-listing.ts';
import { untilNextPublication } from '../articles/schedule.ts';
import { cacheKey } from '../site/cache-keys.ts';
import type { TagSuggestion } from './repository.ts';
import type { Repositories } from '../store.ts';

/**
 * Maps the tag names an editor typed to canonical tags, in order and without repeats: an alias
 * resolves to the tag it stands for, and an unknown name becomes a new tag.
 */
export async function resolveTags(store: Pick<Repositories, 'tags'>, names: readonly string[]): Promise<Tag[]> {
  const tags: Tag[] = [];
  const seen = new Set<number>();
  for (const name of names) {
    const tag = await findOrCreateTag(store, name);
    if (!seen.has(tag.id)) tags.push(tag);
    seen.add(tag.id);
  }
  return tags;
}

export async function findOrCreateTag(
  store: Pick<Repositories, 'tags'>,
  name: string,
  options: { description?: string; isSection?: boolean } = {},
): Promise<Tag> {
  const cleanName = name.trim().replace(/\s+/g, ' ');
  const existing = await store.tags.findByNameOrAlias(cleanName);
  if (existing) return existing;
  const slug = await uniqueSlug(slugify(cleanName) || 'tag', (candidate) => store.tags.isSlugTaken(candidate));
  return store.tags.insert({ slug, name: cleanName, description: options.description ?? '', isSection: options.isSection ?? false });
}

/** Makes `aliasName` another name for `tag`; a no-op when it already is one. */
export async function addTagAlias(store: Pick<Repositories, 'tags'>, tag: Tag, aliasName: string): Promise<void> {
  const existing = await store.tags.findByNameOrAlias(aliasName);
  if (existing?.id === tag.id) return;
  if (existing) throw new ConflictError(`"${aliasName}" already names the tag "${existing.name}"`);
  const slug = await uniqueSlug(slugify(aliasName) || 'tag', (candidate) => store.tags.isSlugTaken(candidate));
  await store.tags.addAlias({ tagId: tag.id, name: aliasName.trim(), slug });
}

export type TagPage =
  | {
      readonly kind: 'tag';
      readonly tag: Tag;
      readonly aliases: TagAlias[];
      readonly articles: Page<ArticleSummary>;
      /** The broader tag it is filed under, and the narrower ones filed under it. */
      readonly parent: Tag | null;
      readonly children: Tag[];
    }
  | { readonly kind: 'alias'; readonly canonicalSlug: string };

/**
 * A tag's page, with its place among the tags. An alias's slug answers with the canonical tag to
 * redirect to. A tag with no public article is not found, unless it is a section or has public tags within it.
 */
export async function readTag(deps: TagsDeps, input: { slug: string; page: number }): Promise<TagPage> {
  const found = await findTagAt(deps, input.slug);
  if (!found) {
    const canonical = await deps.store.tags.findByAliasSlug(input.slug);
    if (canonical) return { kind: 'alias', canonicalSlug: canonical.slug };
    throw new NotFoundError('The tag');
  }
  const { tag, children } = found;
  const articles = await pageOf(input.page, (limit, offset) =>
    listPublicArticles(deps, { now: deps.clock.now(), limit, offset, tagId: tag.id }),
  );
  if (articles.total === 0 && !tag.isSection && children.length === 0) throw new NotFoundError('The tag');
  return { kind: 'tag', ...found, articles };
}

type TagAt = Pick<Extract<TagPage, { kind: 'tag' }>, 'tag' | 'aliases' | 'parent' | 'children'>;

/**
 * The tag at `slug` with what its page shows around it, or null. Kept in the read cache until the
 * change log names the tag, its parent or any tag within it, or which articles one of those
 * holds, or the next scheduled article becomes public (a tag within it may then get its first).
 */
async function findTagAt(deps: TagsDeps, slug: string): Promise<TagAt | null> {
  const read = async (): Promise<{ found: TagAt; shows: string[] } | null> => {
    const tag = await deps.store.tags.findBySlug(slug);
    if (!tag) return null;
    const [aliases, parent, children] = await Promise.all([
      deps.store.tags.aliasesOf(tag.id),
      tag.parentId === null ? null : deps.store.tags.findById(tag.parentId),
      deps.store.tags.childrenOf(tag.id),
    ]);
    // A tag only drafts carry (a contributor's, say) has no public page: its name is not yet public
    // either. A section has one even while empty (an editor put it in the navigation), and so has a
    // tag with public tags within it (a category of categories).
    const publicTags = await deps.store.tags.withPublicArticles(
      children.map((child) => child.id),
      deps.clock.now(),
    );
    const publicChildren = children.filter((child) => child.isSection || publicTags.has(child.id));
    const shows = [tag, ...(parent ? [parent] : []), ...children].map((shown) => cacheKey.tag(shown.id));
    for (const child of children) shows.push(cacheKey.tagArticles(child.id));
    return { found: { tag, aliases, parent, children: publicChildren }, shows };
  };
  const kept = deps.reads
    ? await deps.reads.remember(
        `tag at ${slug}`,
        (value) => value?.shows ?? null,
        read,
        () => untilNextPublication(deps),
      )
    : await read();
  return kept?.found ?? null;
}

/** The sections for the site navigation. */
export function listSections(deps: TagsDeps): Promise<Tag[]> {
  return deps.store.tags.listSections();
}

export const TAG_SUGGESTION_LIMIT = { default: 8, max: 50 } as const;

/**
 * Tags to offer while someone types a tag name: names and aliases that start with the text come
 * first, then those that contain it. An alias offers its canonical tag, naming the alias that
 * matched. Anyone signed in may ask: every role tags its articles.
 */
export async function suggestTags(deps: TagsDeps, input: { actor: StaffActor; query: string; limit?: number }): Promise<TagSuggestion[]> {
  const wanted = input.limit !== undefined && Number.isFinite(input.limit) ? Math.trunc(input.limit) : TAG_SUGGESTION_LIMIT.default;
  const limit = Math.min(Math.max(wanted, 1), TAG_SUGGESTION_LIMIT.max);
  if (!input.query.trim()) return [];
  return deps.store.tags.suggest(input.query, limit);
}
