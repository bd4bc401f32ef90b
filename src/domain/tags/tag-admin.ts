// Newsroom tag management, for editors and administrators: the list, creating, editing, aliases and merging.
import { NotFoundError, Problems, ValidationError } from '../shared/errors.ts';
import type { Page, Tag, TagAlias } from '../shared/model.ts';
import { pageOf } from '../shared/paging.ts';
import { authorize, type Actor } from '../shared/policy.ts';
import { isValidSlug, nameKey, slugify, uniqueSlug } from '../shared/slug.ts';
import type { Deps, Store, TagListing } from '../store.ts';
import { addTagAlias } from './tags.ts';
import { checkParent, parentChoices, type ParentChoice } from './tag-parents.ts';

export const TAG_LIMITS = { name: 80, description: 500 } as const;
export const TAGS_PER_PAGE = 50;

export interface TagFields {
  readonly name: string;
  readonly description: string;
  readonly isSection: boolean;
}

function cleanName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Why `name` cannot be used by `tagId` (a tag's own name or alias is fine), or null when it can. */
async function nameProblem(store: Store, name: string, tagId?: number): Promise<string | null> {
  const owner = await store.tags.findByNameOrAlias(name);
  if (!owner || owner.id === tagId) return null;
  return nameKey(owner.name) === nameKey(name)
    ? `A tag called “${owner.name}” already exists`
    : `“${name}” is already an alias of the tag “${owner.name}”`;
}

function checkFields(fields: TagFields, problems: Problems): TagFields {
  const name = cleanName(fields.name);
  const description = fields.description.trim();
  if (!name) problems.add('name', 'Enter the tag’s name');
  else if (name.length > TAG_LIMITS.name) problems.add('name', `Keep the name under ${TAG_LIMITS.name} characters`);
  if (description.length > TAG_LIMITS.description) {
    problems.add('description', `Keep the description under ${TAG_LIMITS.description} characters`);
  }
  return { name, description, isSection: fields.isSection };
}

async function tagBySlug(store: Store, slug: string): Promise<Tag> {
  const tag = await store.tags.findBySlug(slug);
  if (!tag) throw new NotFoundError('The tag');
  return tag;
}

/** A page of every tag, by name, with article counts and aliases; `query` narrows it by name, slug or alias. */
export async function listTagsForAdmin(deps: Deps, input: { actor: Actor; query: string; page: number }): Promise<Page<TagListing>> {
  authorize(input.actor, 'tag.manage');
  const query = input.query.trim();
  return pageOf(input.page, (limit, offset) => deps.store.tags.listWithCounts({ query, limit, offset }), TAGS_PER_PAGE);
}

/** A new tag; its name must not be another tag's name or alias. Its slug comes from the name. */
export async function createTag(deps: Deps, input: { actor: Actor; fields: TagFields }): Promise<Tag> {
  authorize(input.actor, 'tag.manage');
  const problems = new Problems();
  const fields = checkFields(input.fields, problems);
  problems.throwIfAny();
  return deps.store.transaction(async (store) => {
    const clash = await nameProblem(store, fields.name);
    if (clash) throw new ValidationError({ name: clash });
    const slug = await uniqueSlug(slugify(fields.name) || 'tag', (candidate) => store.tags.isSlugTaken(candidate));
    return store.tags.insert({ slug, ...fields });
  });
}

export type TagForEditing =
  | {
      readonly kind: 'tag';
      readonly tag: Tag;
      readonly aliases: TagAlias[];
      readonly articleCount: number;
      /** The tags it may be filed under. */
      readonly parentChoices: ParentChoice[];
    }
  | { readonly kind: 'alias'; readonly canonicalSlug: string };

/**
 * A tag with its aliases, article count and the tags it may be filed under. An alias's slug (a
 * merged or renamed tag) answers with the tag it leads to.
 */
export async function readTagForEditing(deps: Deps, input: { actor: Actor; slug: string }): Promise<TagForEditing> {
  authorize(input.actor, 'tag.manage');
  const tag = await deps.store.tags.findBySlug(input.slug);
  if (!tag) {
    const canonical = await deps.store.tags.findByAliasSlug(input.slug);
    if (canonical) return { kind: 'alias', canonicalSlug: canonical.slug };
    throw new NotFoundError('The tag');
  }
  const [aliases, articleCount, everyTag] = await Promise.all([
    deps.store.tags.aliasesOf(tag.id),
    deps.store.tags.countArticles(tag.id),
    deps.store.tags.listAll(),
  ]);
  return { kind: 'tag', tag, aliases, articleCount, parentChoices: parentChoices(everyTag, tag.id) };
}

/**
 * Renames a tag and changes its description, section flag and parent. The slug changes only when
 * the editor changes it; the old slug then becomes an alias, so links to the old tag page redirect.
 * `parent` is the chosen parent's id as typed, empty for none; left out, the parent stays.
 */
export async function updateTag(
  deps: Deps,
  input: { actor: Actor; slug: string; newSlug: string; fields: TagFields; parent?: string },
): Promise<Tag> {
  authorize(input.actor, 'tag.manage');
  return deps.store.transaction(async (store) => {
    const tag = await tagBySlug(store, input.slug);
    const problems = new Problems();
    const fields = checkFields(input.fields, problems);
    const newSlug = input.newSlug.trim().toLowerCase() || tag.slug;
    const renamed = fields.name !== '' && fields.name !== tag.name;
    const clash = renamed ? await nameProblem(store, fields.name, tag.id) : null;
    if (clash) problems.add('name', clash);
    const slugChanged = newSlug !== tag.slug;
    // Going back to one of the tag's own old slugs is allowed: that alias simply stops being one.
    const ownOldSlug = slugChanged && (await store.tags.findByAliasSlug(newSlug))?.id === tag.id;
    if (slugChanged && !isValidSlug(newSlug)) problems.add('slug', 'Use lower-case letters, digits and single hyphens');
    else if (slugChanged && !ownOldSlug && (await store.tags.isSlugTaken(newSlug))) {
      problems.add('slug', 'Another tag or alias already uses this slug');
    }
    const parentId = input.parent === undefined ? tag.parentId : await checkParent(store, tag, input.parent, problems);
    problems.throwIfAny();

    if (ownOldSlug) await store.tags.removeAlias(tag.id, newSlug);
    await store.tags.update(tag.id, { ...fields, slug: newSlug });
    if (parentId !== tag.parentId) await store.tags.setParent(tag.id, parentId);
    if (slugChanged) {
      const aliasName = await freeAliasName(store, tag, renamed ? [tag.name, tag.slug] : [tag.slug]);
      await store.tags.addAlias({ tagId: tag.id, name: aliasName, slug: tag.slug });
    }
    return { ...tag, ...fields, slug: newSlug, parentId };
  });
}

/**
 * A name for the alias that keeps an old slug leading to `tag`: the first of `candidates` no other tag or alias
 * uses (the tag's own current name does not count), or the last one numbered until it is free.
 */
async function freeAliasName(store: Store, tag: Tag, candidates: readonly string[]): Promise<string> {
  const aliasKeys = new Set((await store.tags.aliasesOf(tag.id)).map((alias) => nameKey(alias.name)));
  const isTaken = async (name: string) => {
    const owner = await store.tags.findByNameOrAlias(name);
    return owner !== null && (owner.id !== tag.id || aliasKeys.has(nameKey(name)));
  };
  for (const candidate of candidates) if (!(await isTaken(candidate))) return candidate;
  return uniqueSlug(candidates.at(-1)!, isTaken);
}

/** Makes `alias` another name for the tag: typing it tags articles with the tag, and its slug redirects. */
export async function addAliasToTag(deps: Deps, input: { actor: Actor; slug: string; alias: string }): Promise<void> {
  authorize(input.actor, 'tag.manage');
  const alias = cleanName(input.alias);
  if (!alias) throw new ValidationError({ alias: 'Enter the alias' });
  if (alias.length > TAG_LIMITS.name) throw new ValidationError({ alias: `Keep the alias under ${TAG_LIMITS.name} characters` });
  await deps.store.transaction(async (store) => {
    const tag = await tagBySlug(store, input.slug);
    const owner = await store.tags.findByNameOrAlias(alias);
    if (owner?.id === tag.id) {
      throw new ValidationError({
        alias: nameKey(owner.name) === nameKey(alias) ? 'That is this tag’s own name' : 'That is already an alias of this tag',
      });
    }
    const clash = await nameProblem(store, alias, tag.id);
    if (clash) throw new ValidationError({ alias: clash });
    await addTagAlias(store, tag, alias);
  });
}

/** Removes an alias: its name becomes free, and its slug stops redirecting. */
export async function removeAliasFromTag(deps: Deps, input: { actor: Actor; slug: string; aliasSlug: string }): Promise<TagAlias> {
  authorize(input.actor, 'tag.manage');
  return deps.store.transaction(async (store) => {
    const tag = await tagBySlug(store, input.slug);
    const alias = (await store.tags.aliasesOf(tag.id)).find((candidate) => candidate.slug === input.aliasSlug);
    if (!alias) throw new NotFoundError('The alias');
    await store.tags.removeAlias(tag.id, alias.slug);
    return alias;
  });
}

/**
 * Merges one tag into another, atomically: its articles take the target tag (in the same place
 * among their tags), its aliases move over, and its own name and slug become aliases of the
 * target, so old links to its page redirect there. The merged tag is deleted.
 */
export async function mergeTags(
  deps: Deps,
  input: { actor: Actor; slug: string; into: string },
): Promise<{ merged: Tag; target: Tag; articleCount: number }> {
  authorize(input.actor, 'tag.manage');
  const into = cleanName(input.into);
  if (!into) throw new ValidationError({ into: 'Name the tag to merge into' });
  return deps.store.transaction(async (store) => {
    const merged = await tagBySlug(store, input.slug);
    const target =
      (await store.tags.findBySlug(into.toLowerCase())) ??
      (await store.tags.findByNameOrAlias(into)) ??
      (await store.tags.findByAliasSlug(into.toLowerCase()));
    if (!target) throw new ValidationError({ into: `No tag is called “${into}”` });
    if (target.id === merged.id) throw new ValidationError({ into: 'Choose another tag: that is the tag being merged' });
    const articleCount = await store.tags.countArticles(merged.id);
    await store.tags.moveArticles(merged.id, target.id);
    await store.tags.moveAliases(merged.id, target.id);
    // The old site's category and tag addresses that led to the merged tag lead to the survivor.
    await store.redirects.retarget('tag', merged.id, target.id);
    await store.tags.delete(merged.id);
    const aliasName = await freeAliasName(store, target, [merged.name, merged.slug]);
    await store.tags.addAlias({ tagId: target.id, name: aliasName, slug: merged.slug });
    return { merged, target, articleCount };
  });
}
