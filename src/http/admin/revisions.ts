import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../domain/shared/errors.ts';
import { compareRevisions, listRevisions, restoreRevision } from '../../domain/articles/revisions.ts';
import type { Deps } from '../../domain/store.ts';
import { articlePaths } from '../../paths/newsroom-articles.ts';
import { ComparePage, RevisionsPage } from '../../views/admin/revisions.tsx';
import { idParam } from '../site/params.ts';
import { articleIdOf } from './articles.ts';
import { setFlash } from './session.ts';

type CompareRequest = FastifyRequest<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>;
type RestoreRequest = FastifyRequest<{ Params: { id: string; rev: string } }>;

function revisionId(raw: unknown): number {
  const id = idParam(raw);
  if (id === null) throw new NotFoundError('The revision');
  return id;
}

/** An article's history: the list of saved versions, what changed between two, and putting one back. */
export const revisionRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/articles/:id/revisions', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const result = await listRevisions(deps, { actor: request.actor(), articleId: articleIdOf(request) });
    return reply.page(RevisionsPage({ admin: await reply.adminContext(), ...result }));
  });

  app.get('/articles/:id/revisions/compare', async (request: CompareRequest, reply) => {
    const result = await compareRevisions(deps, {
      actor: request.actor(),
      articleId: articleIdOf(request),
      from: revisionId(request.query.from),
      to: revisionId(request.query.to),
    });
    return reply.page(ComparePage({ admin: await reply.adminContext(), ...result }));
  });

  app.post('/articles/:id/revisions/:rev/restore', async (request: RestoreRequest, reply) => {
    const actor = request.actor();
    const articleId = articleIdOf(request);
    await restoreRevision(deps, { actor, articleId, revisionId: revisionId(request.params.rev) });
    setFlash(request, reply, 'Revision restored. The restore is itself saved as a new revision.');
    return reply.redirect(articlePaths.edit(articleId), 303);
  });
};
