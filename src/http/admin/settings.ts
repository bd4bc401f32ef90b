import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.ts';
import { updateSiteSettings, viewSiteSettings, type SiteSettingsForm } from '../../domain/site/site-settings.ts';
import type { Deps } from '../../domain/store.ts';
import { formState } from '../../views/admin/form.tsx';
import { SettingsPage, settingsFormValues } from '../../views/admin/settings.tsx';
import { refusedForm } from '../forms.ts';
import { setFlash } from './session.ts';
import { SettingsForm } from './schema.ts';

/** The site settings at /admin/settings, for administrators. */
export const settingsRoutes: FastifyPluginAsync<{ deps: Deps; config: Config }> = async (plugin, { deps, config }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/settings', async (request, reply) => {
    const actor = request.actor();
    const settings = await viewSiteSettings(deps, { actor, defaults: config.site });
    const admin = await reply.adminContext();
    return reply.page(SettingsPage({ admin, state: formState(settingsFormValues(settings)) }));
  });

  app.post('/settings', { schema: { body: SettingsForm } }, async (request, reply) => {
    const actor = request.actor();
    const posted = request.body;
    // A form from before a setting existed leaves that setting as it is.
    const current = await request.siteSettings();
    const values: SiteSettingsForm = {
      title: posted.title ?? '',
      description: posted.description ?? '',
      language: posted.language ?? '',
      timeZone: posted.timeZone ?? '',
      commentPolicy: posted.commentPolicy ?? '',
      closeCommentsAfterDays: posted.closeCommentsAfterDays ?? '',
      commentsPerPage: posted.commentsPerPage ?? String(current.commentsPerPage),
      commentOrder: posted.commentOrder ?? current.commentOrder,
      feedContent: posted.feedContent ?? current.feedContent,
    };
    try {
      await updateSiteSettings(deps, { actor, values });
      setFlash(request, reply, 'Settings saved.');
      return reply.redirect('/admin/settings', 303);
    } catch (error) {
      const state = refusedForm(error, values, reply);
      const admin = await reply.adminContext();
      return reply.page(SettingsPage({ admin, state }), reply.statusCode);
    }
  });
};
