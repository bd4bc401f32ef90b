import { Type, type TProperties } from 'typebox';
import { IdText, PageQuery } from '../params.ts';
import { MODERATION_ACTIONS } from '../../domain/comments/repository.ts';

/**
 * The newsroom's request schemas, checked by Fastify's own validator before a handler runs; the
 * same objects can describe the routes in OpenAPI. Form fields stay text, as browsers send them
 * (every one optional: a field left out reads as empty, an unticked checkbox sends nothing); the
 * handlers turn them into each use case's typed input. Every form carries the CSRF token.
 */

/** A form's fields, all text, with the CSRF token every newsroom form carries. */
function form<Fields extends TProperties>(fields: Fields) {
  return Type.Object({ ...fields, _csrf: Type.Optional(Type.String()) });
}

const text = () => Type.Optional(Type.String());

/** A form with no fields of its own: a button that signs out, deletes or discards. */
export const ButtonForm = form({});

/** The media library's upload: the file itself is streamed to disk as it arrives (media.ts), never kept in the body. */
export const MediaUploadForm = form({});
/** The featured picture panel's search of the library. */
export const PictureChoicesQuery = Type.Object({ q: text() });
/** A page of the media library, and what it is searched for. */
export const MediaListQuery = Type.Object({ q: text(), page: PageQuery.properties.page });
/** A picture's words. */
export const PictureWordsForm = form({ alt: text(), caption: text(), credit: text() });
/** The focal point: in percent from the two fields, or a click on the picture (`focal.x`, `focal.y` in pixels of a frame so large). */
export const FocalPointForm = form({
  focalX: text(),
  focalY: text(),
  'focal.x': text(),
  'focal.y': text(),
  frameWidth: text(),
  frameHeight: text(),
});

/** A stored record by the id in its address. */
export const IdParams = Type.Object({ id: IdText });
/** A tag by the slug in its address. */
export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1 }) });
/** A one-time link's token. */
export const TokenParams = Type.Object({ token: Type.String({ minLength: 1 }) });

/** Where to go after signing in. */
export const SignInQuery = Type.Object({ next: text() });
/** The sign-in form; `stash` carries an editor's text across an expired session. */
export const SignInForm = form({ email: text(), password: text(), next: text(), stash: text() });
export const SetupForm = form({ email: text(), displayName: text(), password: text() });
export const ForgotForm = form({ email: text() });
export const ResetForm = form({ newPassword: text() });
export const PasswordForm = form({ currentPassword: text(), newPassword: text() });

/** The newsroom's article list: a search and its filters. */
export const ArticleListQuery = Type.Object({
  q: text(),
  status: text(),
  author: text(),
  tag: text(),
  page: PageQuery.properties.page,
});
/** The editor's form; `intent` is the button pressed, `baseRevision` the revision the text was typed over. */
export const EditorForm = form({
  headline: text(),
  standfirst: text(),
  slug: text(),
  body: text(),
  tags: text(),
  authorId: text(),
  featured: text(),
  publishedAt: text(),
  language: text(),
  baseRevision: text(),
  intent: text(),
  imageId: text(),
  imageWordsFor: text(),
  imageAlt: text(),
  imageCaption: text(),
  imageCredit: text(),
});
/** The editor's live preview of the body, in the format of the article being edited. */
export const BodyPreview = {
  querystring: Type.Object({ format: text() }),
  body: Type.Object({ body: text() }),
};
export const TagSuggestionsQuery = Type.Object({ q: text() });
/** The editor's background save: the article (null for a new one) and the form's fields. */
export const AutosaveBody = Type.Object({
  articleId: Type.Optional(Type.Union([Type.Null(), Type.Integer({ minimum: 1 }), IdText])),
  fields: Type.Record(Type.String(), Type.String()),
});
export const CorrectionForm = form({ correction: text() });

/** The moderation queue: which comments, which page. */
export const QueueQuery = Type.Object({ status: text(), page: PageQuery.properties.page });
/** Where to return to after an action on a comment. */
export const BackQuery = Type.Object({ back: text() });
export const BulkModerationForm = form({ action: text(), ids: Type.Optional(Type.Array(Type.String())), back: text() });
/** An action on one comment; any other word in its place names no page. */
export const ModerationParams = Type.Object({ id: IdText, action: Type.Union(MODERATION_ACTIONS.map((action) => Type.Literal(action))) });
export const BackForm = form({ back: text() });
/** The newsroom's comment form; FORM_FIELDS.comment maps its names to the use case's. */
export const CommentEditForm = form({ comment: text(), author: text(), email: text(), url: text(), back: text() });
export const CommentingForm = form({ open: text(), back: text() });

export const PageForm = form({ title: text(), slug: text(), body: text(), status: text() });

/** The two revisions to compare; without both the comparison names nothing. */
export const CompareQuery = Type.Object({ from: IdText, to: IdText });
export const RevisionParams = Type.Object({ id: IdText, rev: IdText });

export const SettingsForm = form({
  title: text(),
  description: text(),
  language: text(),
  timeZone: text(),
  commentPolicy: text(),
  closeCommentsAfterDays: text(),
  commentsPerPage: text(),
  commentOrder: text(),
  feedContent: text(),
});

export const TagListQuery = Type.Object({ q: text(), page: PageQuery.properties.page });
export const TagForm = form({ name: text(), slug: text(), description: text(), isSection: text(), parentId: text() });
export const AliasForm = form({ alias: text() });
export const MergeForm = form({ into: text() });

export const NewUserForm = form({ email: text(), displayName: text(), role: text(), password: text() });
export const UserForm = form({ role: text(), disabled: text() });

/** The spam defence settings at /admin/comments/spam; the blocklists one entry per line. */
export const SpamSettingsForm = form({
  minSeconds: text(),
  linkLimit: text(),
  holdScore: text(),
  spamScore: text(),
  blockedWords: text(),
  blockedAddresses: text(),
  blockedDomains: text(),
});
