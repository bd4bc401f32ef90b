import { ForbiddenError } from './errors.ts';
import { ROLES, type Role, type StaffUser } from './model.ts';

/** A signed-in member of staff: what they may do follows from their role. */
export type StaffActor = Pick<StaffUser, 'id' | 'role' | 'displayName'> & { readonly kind: 'staff'; readonly authorId: number };

/**
 * The operator at the server's command line (`broadsheet users`, `comments`, `publish`, `import`,
 * `export`): they already hold the database, so they act under no account and are logged without a user.
 */
export interface ConsoleOperator {
  readonly kind: 'console';
}

/** Who is asking: every use case that changes the publication takes one and checks it here, never in the HTTP layer or the CLI. */
export type Actor = StaffActor | ConsoleOperator;

export const consoleOperator: ConsoleOperator = { kind: 'console' };

export function actorOf(user: StaffUser): StaffActor {
  return { kind: 'staff', id: user.id, role: user.role, displayName: user.displayName, authorId: user.author.id };
}

/** The staff account behind an actor, for logs and records: null for the console. */
export function userIdOf(actor: Actor): number | null {
  return actor.kind === 'console' ? null : actor.id;
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
  | 'settings.manage'
  | 'publication.import'
  | 'publication.export'
  | 'outbox.manage'
  | 'media.upload'
  | 'media.manage';

/** What the console may do: exactly what the `broadsheet` commands do. */
const CONSOLE_MAY: ReadonlySet<Permission> = new Set<Permission>([
  'article.create',
  'article.publish',
  'comment.moderate',
  'user.manage',
  'publication.import',
  'publication.export',
  'outbox.manage',
  // `broadsheet demo` accepts the demo's pictures into the library as uploads.
  'media.upload',
  'media.manage',
]);

function atLeast(actor: StaffActor, role: Role): boolean {
  return ROLES.indexOf(actor.role) >= ROLES.indexOf(role);
}

/**
 * The whole permission matrix, as pure predicates:
 * - contributors write and edit their own drafts, and cannot publish; they upload pictures to the
 *   media library and use them;
 * - authors also publish, schedule, unpublish and correct their own articles;
 * - editors edit, publish and correct every article, moderate comments, manage tags and the
 *   site's standalone pages, and manage every picture of the media library;
 * - administrators also manage users and the site's settings, import and export the publication,
 *   and see and retry the outbox's jobs;
 * - the console operator does what the command line offers (CONSOLE_MAY), and nothing of the newsroom.
 */
export function can(actor: Actor, permission: Permission, article?: ArticleOwnership): boolean {
  if (actor.kind === 'console') return CONSOLE_MAY.has(permission);
  const own = article === undefined || article.authorId === actor.authorId;
  switch (permission) {
    case 'article.create':
    case 'media.upload':
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
    case 'media.manage':
      return atLeast(actor, 'editor');
    case 'user.manage':
    case 'settings.manage':
    case 'publication.import':
    case 'publication.export':
    case 'outbox.manage':
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
  'publication.import': 'Only administrators can import into the publication.',
  'publication.export': 'Only administrators can export the publication.',
  'outbox.manage': 'Only administrators can see and retry outbound jobs.',
  'media.upload': 'You cannot upload pictures.',
  'media.manage': 'Only editors and administrators can manage the media library.',
};

/** Throws ForbiddenError, with a sentence the user can act on, unless `can` allows it. */
export function authorize(actor: Actor, permission: Permission, article?: ArticleOwnership): void {
  if (!can(actor, permission, article)) throw new ForbiddenError(REFUSALS[permission]);
}
