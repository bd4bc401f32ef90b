import { ForbiddenError } from './errors.ts';
import { ROLES, type Role, type StaffUser } from './model.ts';

/** Who is asking: every newsroom use case takes one and checks it here, never in the HTTP layer. */
export type Actor = Pick<StaffUser, 'id' | 'role' | 'displayName'> & { readonly authorId: number };

export function actorOf(user: StaffUser): Actor {
  return { id: user.id, role: user.role, displayName: user.displayName, authorId: user.author.id };
}

/** The article facts a permission depends on. */
export interface ArticleOwnership {
  readonly authorId: number;
  readonly status: 'draft' | 'scheduled' | 'published';
}

export type Permission =
  | 'article.create'
  | 'article.edit'
  | 'article.publish'
  | 'article.correct'
  | 'comment.moderate'
  | 'tag.manage'
  | 'page.manage'
  | 'user.manage'
  | 'settings.manage';

function atLeast(actor: Actor, role: Role): boolean {
  return ROLES.indexOf(actor.role) >= ROLES.indexOf(role);
}

/**
 * The whole permission matrix, as pure predicates:
 * - contributors write and edit their own drafts, and cannot publish;
 * - authors also publish, schedule, unpublish and correct their own articles;
 * - editors edit, publish and correct every article, moderate comments, manage tags and the
 *   site's standalone pages;
 * - administrators also manage users and the site's settings.
 */
export function can(actor: Actor, permission: Permission, article?: ArticleOwnership): boolean {
  const own = article === undefined || article.authorId === actor.authorId;
  switch (permission) {
    case 'article.create':
      return true;
    case 'article.edit':
      if (atLeast(actor, 'editor')) return true;
      if (!own) return false;
      // A contributor's article leaves their hands once an editor has scheduled or published it.
      return atLeast(actor, 'author') || article === undefined || article.status === 'draft';
    case 'article.publish':
    case 'article.correct':
      return atLeast(actor, 'editor') || (atLeast(actor, 'author') && own);
    case 'comment.moderate':
    case 'tag.manage':
    case 'page.manage':
      return atLeast(actor, 'editor');
    case 'user.manage':
    case 'settings.manage':
      return atLeast(actor, 'admin');
  }
}

const REFUSALS: Readonly<Record<Permission, string>> = {
  'article.create': 'You cannot write articles.',
  'article.edit': 'You can only edit your own articles, and contributors only their drafts.',
  'article.publish': 'Your role cannot publish this article. Save it as a draft and ask an editor to publish it.',
  'article.correct': 'Only an editor or the article’s author can add a correction.',
  'comment.moderate': 'Only editors and administrators can moderate comments.',
  'tag.manage': 'Only editors and administrators can manage tags.',
  'page.manage': 'Only editors and administrators can manage pages.',
  'user.manage': 'Only administrators can manage staff accounts.',
  'settings.manage': 'Only administrators can change the site settings.',
};

/** Throws ForbiddenError, with a sentence the user can act on, unless `can` allows it. */
export function authorize(actor: Actor, permission: Permission, article?: ArticleOwnership): void {
  if (!can(actor, permission, article)) throw new ForbiddenError(REFUSALS[permission]);
}
