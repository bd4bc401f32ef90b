import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { compareRevisions, listRevisions, restoreRevision } from '../../domain/articles/revisions.ts';
import type { Deps } from '../../domain/store.ts';
import { articlePaths } from '../../paths/newsroom-articles.ts';
import { ComparePage, RevisionsPage } from '../../views/admin/revisions.tsx';
import { setFlash } from './session.ts';
import { ButtonForm, CompareQuery, IdParams, RevisionParams } from './schema.ts';

/** An article's history: the list of saved versions, what changed between two, and putting one back. */
export const revisionRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/articles/:id/revisions', { schema: { params: IdParams } }, async (request, reply) => {
    const result = await listRevisions(deps, { actor: request.actor(), articleId: Number(request.params.id) });
    return reply.page(RevisionsPage({ admin: await reply.adminContext(), ...result }));
  });

  app.get('/articles/:id/revisions/compare', { schema: { params: IdParams, querystring: CompareQuery } }, async (request, reply) => {
    const result = await compareRevisions(deps, {
      actor: request.actor(),
      articleId: Number(request.params.id),
      from: Number(request.query.from),
      to: Number(request.query.to),
    });
    return reply.page(ComparePage({ admin: await reply.adminContext(), ...result }));
  });

  app.post('/articles/:id/revisions/:rev/restore', { schema: { params: RevisionParams, body: ButtonForm } }, async (request, reply) => {
    const actor = request.actor();
    const articleId = Number(request.params.id);
    await restoreRevision(deps, { actor, articleId, revisionId: Number(request.params.rev) });
    setFlash(request, reply, 'Revision restored. The restore is itself saved as a new revision.');
    return reply.redirect(articlePaths.edit(articleId), 303);
  });
};
