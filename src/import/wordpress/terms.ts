import type { ImportedAuthor, ImportedSkip, ImportedTag } from '../../domain/importing/records.ts';
import { slugify } from '../../domain/shared/slug.ts';
import { decodeSlug, htmlToText, singleLine } from './text.ts';
import type { WxrAuthor, WxrItemTerm, WxrTerm } from './wxr.ts';

/** Taxonomies that become tags, by the id prefix their tags get. WXR 1.0 wrote "tag" for post_tag. */
const TAG_TAXONOMIES: Readonly<Record<string, 'category' | 'post_tag'>> = { category: 'category', post_tag: 'post_tag', tag: 'post_tag' };

/** A wp:author: a byline, never an account (the export has no passwords, and none is made). */
export function authorRecord(author: WxrAuthor): ImportedAuthor {
  const login = author.login.trim();
  const fullName = `${singleLine(author.firstName)} ${singleLine(author.lastName)}`.trim();
  return {
    kind: 'author',
    externalId: login,
    name: singleLine(author.displayName) || fullName || login,
    slug: slugify(login) || null,
    bio: '',
    legacyPaths: authorPaths(login),
  };
}

/** An author named by a post's dc:creator but not declared (WXR 1.0 declares none): the login is all there is. */
export function creatorRecord(login: string): ImportedAuthor {
  return { kind: 'author', externalId: login, name: login, slug: slugify(login) || null, bio: '', legacyPaths: authorPaths(login) };
}

/**
 * WordPress addresses an author's page by user_nicename, which it makes from the login the way
 * slugs are made; both spellings are kept when they differ.
 */
function authorPaths(login: string): string[] {
  const nicename = slugify(login);
  return [...new Set([`/author/${login}/`, ...(nicename ? [`/author/${nicename}/`] : [])])];
}

/** A channel-level term: a tag for categories and post tags, a skip for any other taxonomy (menus, formats…). */
export function termRecord(term: WxrTerm, categoryParents: ReadonlyMap<string, string>): ImportedTag | ImportedSkip {
  const taxonomy = TAG_TAXONOMIES[term.taxonomy.trim()];
  const slug = decodeSlug(term.slug) || slugify(htmlToText(term.name));
  if (!taxonomy) {
    return {
      kind: 'skip',
      of: 'tag',
      externalId: `${term.taxonomy.trim()}:${slug}`,
      title: singleLine(term.name) || slug,
      note: { code: 'unsupported_type', detail: term.taxonomy.trim() },
    };
  }
  return tagRecord(taxonomy, slug, term.name, htmlToText(term.description).trim(), categoryParents);
}

/** The externalId of a tag an item is filed under, or null for a taxonomy that does not become tags. */
export function itemTagId(term: WxrItemTerm): string | null {
  const taxonomy = TAG_TAXONOMIES[term.domain.trim()];
  const slug = decodeSlug(term.nicename);
  return taxonomy && slug ? `${taxonomy}:${slug}` : null;
}

/** A tag for an item's category or tag that the channel never declared (old or hand-edited exports). */
export function undeclaredTagRecord(term: WxrItemTerm, categoryParents: ReadonlyMap<string, string>): ImportedTag {
  const taxonomy = TAG_TAXONOMIES[term.domain.trim()] ?? 'post_tag';
  return tagRecord(taxonomy, decodeSlug(term.nicename), term.name, '', categoryParents);
}

function tagRecord(
  taxonomy: 'category' | 'post_tag',
  slug: string,
  nameHtml: string,
  description: string,
  categoryParents: ReadonlyMap<string, string>,
): ImportedTag {
  const path = taxonomy === 'category' ? categoryPath(slug, categoryParents) : [slug];
  const parent = path.length > 1 ? path.at(-2)! : null;
  return {
    kind: 'tag',
    externalId: `${taxonomy}:${slug}`,
    name: singleLine(nameHtml) || slug,
    slug: slug || null,
    description,
    parentExternalId: parent ? `category:${parent}` : null,
    legacyPaths: [`/${taxonomy === 'category' ? 'category' : 'tag'}/${path.join('/')}/`],
  };
}

/** A category's slug after its ancestors' ("news/hong-kong/transport"), as WordPress's category links spell it. */
function categoryPath(slug: string, parents: ReadonlyMap<string, string>): string[] {
  const path = [slug];
  for (let parent = parents.get(slug); parent && !path.includes(parent) && path.length < 20; parent = parents.get(parent)) {
    path.unshift(parent);
  }
  return path;
}
