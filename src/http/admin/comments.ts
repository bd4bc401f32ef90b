import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { COMMENT_STATUSES, type Comment } from '../../domain/shared/model.ts';
import { ValidationError } from '../../domain/shared/errors.ts';
import {
  browseModerationQueue,
  editComment,
  moderateComments,
  readCommentForModeration,
  replyAsStaff,
  setArticleCommenting,
  type QueueFilter,
} from '../../domain/comments/moderation.ts';
import type { StaffActor } from '../../domain/shared/policy.ts';
import type { Deps } from '../../domain/store.ts';
import { CommentEditPage, CommentReplyPage } from '../../views/admin/comment-forms.tsx';
import { ModerationPage } from '../../views/admin/comments.tsx';
import { formState, type FormState } from '../../views/admin/form.tsx';
import { idParam, pageOf } from '../params.ts';
import { FORM_FIELDS, refusedForm } from '../forms.ts';
import { safeNext } from './forms.ts';
import {
  BackForm,
  BackQuery,
  BulkModerationForm,
  CommentEditForm,
  CommentingForm,
  IdParams,
  ModerationParams,
  QueueQuery,
} from './schema.ts';
import { setFlash } from './session.ts';
import { MODERATION_ACTIONS, type ModerationAction } from '../../domain/comments/repository.ts';

const DONE: Readonly<Record<ModerationAction, string>> = {
  approve: 'approved',
  unapprove: 'unapproved: back to pending',
  spam: 'marked as spam',
  trash: 'moved to the trash',
  restore: 'restored',
};

/** The flash message after an action: "Comment approved.", "3 comments marked as spam." */
function doneMessage(action: ModerationAction, changed: number): string {
  if (changed === 0) return 'Nothing changed: the comments already had that status.';
  return `${changed === 1 ? 'Comment' : `${changed} comments`} ${DONE[action]}.`;
}

const QUEUE = '/admin/comments';

/** Where to return after an action: the newsroom page the form was on, the queue otherwise. */
function backTo(raw: string | undefined): string {
  return raw && safeNext(raw) === raw ? raw : QUEUE;
}

/** The queue view a `back` address shows, to show it again with a problem. */
function viewOf(back: string): { filter: QueueFilter; page: number } {
  const query = new URLSearchParams(back.split('?')[1] ?? '');
  const status = query.get('status');
  const filter = (COMMENT_STATUSES as readonly string[]).includes(status ?? '') || status === 'all' ? (status as QueueFilter) : 'pending';
  return { filter, page: idParam(query.get('page') ?? undefined) ?? 1 };
}

function parseFilter(raw: unknown): QueueFilter {
  if (raw === undefined) return 'pending';
  return typeof raw === 'string' && (raw === 'all' || (COMMENT_STATUSES as readonly string[]).includes(raw))
    ? (raw as QueueFilter)
    : 'pending';
}

/** The moderation queue at /admin/comments, its actions, and opening or closing an article's comments. */
export const commentRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const byId = { params: IdParams, querystring: BackQuery };

  async function renderQueue(reply: FastifyReply, actor: StaffActor, view: { filter: QueueFilter; page: number }, problem?: string) {
    const queue = await browseModerationQueue(deps, { actor, ...view });
    const admin = await reply.adminContext();
    return reply.page(ModerationPage({ admin, queue, problem }), problem ? 422 : 200);
  }

  app.get('/comments', { schema: { querystring: QueueQuery } }, async (request, reply) => {
    const actor = request.actor();
    return renderQueue(reply, actor, { filter: parseFilter(request.query.status), page: pageOf(request.query) });
  });

  app.post('/comments/bulk', { schema: { body: BulkModerationForm } }, async (request, reply) => {
    const actor = request.actor();
    const values = request.body;
    const back = backTo(values.back);
    const action = MODERATION_ACTIONS.find((known) => known === values.action);
    const ids = (values.ids ?? []).map(idParam);
    try {
      if (!action) throw new ValidationError({}, ['Choose what to do with the selected comments.']);
      const { changed } = await moderateComments(deps, { actor, ids: ids.map((id) => id ?? 0), action });
      setFlash(request, reply, doneMessage(action, changed));
      return reply.redirect(back, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderQueue(reply, actor, viewOf(back), error.form.join(' '));
    }
  });

  app.post('/comments/:id/:action', { schema: { params: ModerationParams, body: BackForm } }, async (request, reply) => {
    const actor = request.actor();
    const { action } = request.params;
    const { changed } = await moderateComments(deps, { actor, ids: [Number(request.params.id)], action });
    setFlash(request, reply, doneMessage(action, changed));
    return reply.redirect(backTo(request.body.back), 303);
  });

  app.get('/comments/:id/edit', { schema: byId }, async (request, reply) => {
    const actor = request.actor();
    const { comment, article } = await readCommentForModeration(deps, { actor, commentId: Number(request.params.id) });
    const admin = await reply.adminContext();
    const state = formState(editValues(comment));
    return reply.page(CommentEditPage({ admin, comment, article, state, back: backTo(request.query.back) }));
  });

  app.post('/comments/:id/edit', { schema: { ...byId, body: CommentEditForm } }, async (request, reply) => {
    const actor = request.actor();
    const commentId = Number(request.params.id);
    const posted = request.body;
    const values = { comment: posted.comment ?? '', author: posted.author ?? '', email: posted.email ?? '', url: posted.url ?? '' };
    const back = backTo(posted.back);
    try {
      await editComment(deps, {
        actor,
        commentId,
        fields: { body: values.comment, name: values.author, email: values.email, website: values.url },
      });
      setFlash(request, reply, 'Comment saved.');
      return reply.redirect(back, 303);
    } catch (error) {
      const state = refusedForm(error, values, reply, { fields: FORM_FIELDS.comment });
      return renderRefused(reply, actor, commentId, { state, back, page: CommentEditPage });
    }
  });

  app.get('/comments/:id/reply', { schema: byId }, async (request, reply) => {
    const actor = request.actor();
    const { comment, article } = await readCommentForModeration(deps, { actor, commentId: Number(request.params.id) });
    const admin = await reply.adminContext();
    return reply.page(CommentReplyPage({ admin, comment, article, state: formState(), back: backTo(request.query.back) }));
  });

  app.post('/comments/:id/reply', { schema: { ...byId, body: CommentEditForm } }, async (request, reply) => {
    const actor = request.actor();
    const commentId = Number(request.params.id);
    const posted = request.body;
    const back = backTo(posted.back);
    try {
      await replyAsStaff(deps, { actor, commentId, body: posted.comment ?? '' });
      setFlash(request, reply, 'Reply published.');
      return reply.redirect(back, 303);
    } catch (error) {
      const state = refusedForm(error, { comment: posted.comment ?? '' }, reply, { fields: FORM_FIELDS.comment });
      return renderRefused(reply, actor, commentId, { state, back, page: CommentReplyPage });
    }
  });

  async function renderRefused(
    reply: FastifyReply,
    actor: StaffActor,
    commentId: number,
    view: { state: FormState; back: string; page: typeof CommentEditPage },
  ) {
    const status = reply.statusCode;
    const { comment, article } = await readCommentForModeration(deps, { actor, commentId });
    const admin = await reply.adminContext();
    return reply.page(view.page({ admin, comment, article, state: view.state, back: view.back }), status);
  }

  app.post('/articles/:id/comments', { schema: { params: IdParams, body: CommentingForm } }, async (request, reply) => {
    const actor = request.actor();
    const values = request.body;
    if (values.open !== '0' && values.open !== '1') throw new ValidationError({ open: 'Say whether to open (1) or close (0) comments' });
    const open = values.open === '1';
    const article = await setArticleCommenting(deps, { actor, articleId: Number(request.params.id), open });
    setFlash(request, reply, `${open ? 'Comments reopened' : 'Comments closed'} on “${article.headline}”.`);
    return reply.redirect(backTo(values.back), 303);
  });
};

function editValues(comment: Comment): Record<string, string> {
  return { comment: comment.bodySource, author: comment.authorName, email: comment.authorEmail, url: comment.authorUrl ?? '' };
}
