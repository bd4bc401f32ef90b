import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Static } from 'typebox';
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
import { pageOf } from '../params.ts';
import { refusedForm } from '../forms.ts';
import { isTicked } from './forms.ts';
import { setFlash } from './session.ts';
import { AliasForm, MergeForm, SlugParams, TagForm, TagListQuery } from './schema.ts';

function tagFields(values: Static<typeof TagForm>): TagFields {
  return { name: values.name ?? '', description: values.description ?? '', isSection: isTicked(values.isSection) };
}

/** What was typed in a tag form, to show it again; the CSRF token is left out. */
function typedValues({ _csrf, ...values }: Static<typeof TagForm>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The newsroom's tags at /admin/tags: list, create, edit, aliases and merge (editors and administrators). */
export const tagsRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

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

  app.get('/tags', { schema: { querystring: TagListQuery } }, async (request, reply) => {
    const actor = request.actor();
    const query = (request.query.q ?? '').trim();
    return renderList(reply, actor, { query, page: pageOf(request.query), createState: formState() });
  });

  app.post('/tags', { schema: { body: TagForm } }, async (request, reply) => {
    const actor = request.actor();
    const values = request.body;
    try {
      const tag = await createTag(deps, { actor, fields: tagFields(values) });
      setFlash(request, reply, `Tag “${tag.name}” added.`);
      return reply.redirect(adminTagPath(tag.slug), 303);
    } catch (error) {
      const createState = refusedForm(error, typedValues(values), reply);
      return renderList(reply, actor, { query: '', page: 1, createState, status: reply.statusCode });
    }
  });

  app.get('/tags/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const actor = request.actor();
    return renderTag(reply, actor, request.params.slug);
  });

  app.post('/tags/:slug', { schema: { params: SlugParams, body: TagForm } }, async (request, reply) => {
    const actor = request.actor();
    const values = request.body;
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
      const edit = refusedForm(error, typedValues(values), reply);
      return renderTag(reply, actor, request.params.slug, { edit, status: reply.statusCode });
    }
  });

  app.post('/tags/:slug/aliases', { schema: { params: SlugParams, body: AliasForm } }, async (request, reply) => {
    const actor = request.actor();
    const values = request.body;
    try {
      await addAliasToTag(deps, { actor, slug: request.params.slug, alias: values.alias ?? '' });
      setFlash(request, reply, `Alias “${(values.alias ?? '').trim()}” added.`);
      return reply.redirect(adminTagPath(request.params.slug), 303);
    } catch (error) {
      const alias = refusedForm(error, { alias: values.alias ?? '' }, reply);
      return renderTag(reply, actor, request.params.slug, { alias, status: reply.statusCode });
    }
  });

  app.post('/tags/:slug/aliases/remove', { schema: { params: SlugParams, body: AliasForm } }, async (request, reply) => {
    const actor = request.actor();
    const alias = await removeAliasFromTag(deps, { actor, slug: request.params.slug, aliasSlug: request.body.alias ?? '' });
    setFlash(request, reply, `Alias “${alias.name}” removed.`);
    return reply.redirect(adminTagPath(request.params.slug), 303);
  });

  app.post('/tags/:slug/merge', { schema: { params: SlugParams, body: MergeForm } }, async (request, reply) => {
    const actor = request.actor();
    const values = request.body;
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
