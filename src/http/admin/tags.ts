import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffActor } from '../../domain/shared/policy.ts';
import type { Deps } from '../../domain/store.ts';
import {
  addAliasToTag,
  createTag,
  listTagsForAdmin,
  mergeTags,
  readTagForEditing,
  removeAliasFromTag,
  updateTag,
  type TagFields,
} from '../../domain/tags/tag-admin.ts';
import { formState, type FormState } from '../../views/admin/form.tsx';
import { adminTagPath, TagEditPage, TagsPage } from '../../views/admin/tags.tsx';
import { plural } from '../../views/format.ts';
import { paths } from '../../paths/site.ts';
import { pageParam } from '../site/params.ts';
import { formValues, refusedForm } from './forms.ts';
import { setFlash } from './session.ts';

type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

function tagFields(values: Record<string, string>): TagFields {
  return { name: values.name ?? '', description: values.description ?? '', isSection: values.isSection === 'on' };
}

/** The newsroom's tags at /admin/tags: list, create, edit, aliases and merge (editors and administrators). */
export const tagsRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  async function renderList(
    reply: FastifyReply,
    actor: StaffActor,
    view: { query: string; page: number; createState: FormState; status?: number },
  ): Promise<FastifyReply> {
    const tags = await listTagsForAdmin(deps, { actor, query: view.query, page: view.page });
    const admin = await reply.adminContext();
    return reply.page(TagsPage({ admin, tags, query: view.query, createState: view.createState }), view.status);
  }

  /** The tag's page, with one of its three forms (details, alias, merge) given back as refused. */
  async function renderTag(
    reply: FastifyReply,
    actor: StaffActor,
    slug: string,
    refused: { edit?: FormState; alias?: FormState; merge?: FormState; status?: number } = {},
  ): Promise<FastifyReply> {
    const found = await readTagForEditing(deps, { actor, slug });
    if (found.kind === 'alias') return reply.redirect(adminTagPath(found.canonicalSlug), 303);
    const { tag } = found;
    const admin = await reply.adminContext();
    const stored = {
      name: tag.name,
      slug: tag.slug,
      description: tag.description,
      parentId: tag.parentId === null ? '' : String(tag.parentId),
      ...(tag.isSection ? { isSection: 'on' } : {}),
    };
    return reply.page(
      TagEditPage({
        admin,
        ...found,
        editState: refused.edit ?? formState(stored),
        aliasState: refused.alias ?? formState(),
        mergeState: refused.merge ?? formState(),
      }),
      refused.status,
    );
  }

  app.get('/tags', async (request: FastifyRequest<{ Querystring: { q?: unknown } }>, reply) => {
    const actor = request.actor();
    const query = typeof request.query.q === 'string' ? request.query.q.trim() : '';
    return renderList(reply, actor, { query, page: pageParam(request.query), createState: formState() });
  });

  app.post('/tags', async (request, reply) => {
    const actor = request.actor();
    const values = formValues(request.body);
    try {
      const tag = await createTag(deps, { actor, fields: tagFields(values) });
      setFlash(request, reply, `Tag “${tag.name}” added.`);
      return reply.redirect(adminTagPath(tag.slug), 303);
    } catch (error) {
      const createState = refusedForm(error, values, reply);
      return renderList(reply, actor, { query: '', page: 1, createState, status: reply.statusCode });
    }
  });

  app.get('/tags/:slug', async (request: SlugRequest, reply) => {
    const actor = request.actor();
    return renderTag(reply, actor, request.params.slug);
  });

  app.post('/tags/:slug', async (request: SlugRequest, reply) => {
    const actor = request.actor();
    const values = formValues(request.body);
    try {
      const tag = await updateTag(deps, {
        actor,
        slug: request.params.slug,
        newSlug: values.slug ?? '',
        fields: tagFields(values),
        ...(values.parentId !== undefined ? { parent: values.parentId } : {}),
      });
      setFlash(request, reply, `Tag “${tag.name}” saved.`);
      return reply.redirect(adminTagPath(tag.slug), 303);
    } catch (error) {
      const edit = refusedForm(error, values, reply);
      return renderTag(reply, actor, request.params.slug, { edit, status: reply.statusCode });
    }
  });

  app.post('/tags/:slug/aliases', async (request: SlugRequest, reply) => {
    const actor = request.actor();
    const values = formValues(request.body);
    try {
      await addAliasToTag(deps, { actor, slug: request.params.slug, alias: values.alias ?? '' });
      setFlash(request, reply, `Alias “${(values.alias ?? '').trim()}” added.`);
      return reply.redirect(adminTagPath(request.params.slug), 303);
    } catch (error) {
      const alias = refusedForm(error, { alias: values.alias ?? '' }, reply);
      return renderTag(reply, actor, request.params.slug, { alias, status: reply.statusCode });
    }
  });

  app.post('/tags/:slug/aliases/remove', async (request: SlugRequest, reply) => {
    const actor = request.actor();
    const alias = await removeAliasFromTag(deps, { actor, slug: request.params.slug, aliasSlug: formValues(request.body).alias ?? '' });
    setFlash(request, reply, `Alias “${alias.name}” removed.`);
    return reply.redirect(adminTagPath(request.params.slug), 303);
  });

  app.post('/tags/:slug/merge', async (request: SlugRequest, reply) => {
    const actor = request.actor();
    const values = formValues(request.body);
    try {
      const { merged, target, articleCount } = await mergeTags(deps, { actor, slug: request.params.slug, into: values.into ?? '' });
      setFlash(
        request,
        reply,
        `“${merged.name}” was merged into “${target.name}”: ${plural(articleCount, 'article was', 'articles were')} retagged, and ${paths.tag(merged.slug)} now redirects here.`,
      );
      return reply.redirect(adminTagPath(target.slug), 303);
    } catch (error) {
      const merge = refusedForm(error, { into: values.into ?? '' }, reply);
      return renderTag(reply, actor, request.params.slug, { merge, status: reply.statusCode });
    }
  });
};
