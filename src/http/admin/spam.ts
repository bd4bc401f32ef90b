import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { spamSettingsForm, updateSpamSettings, viewSpamSettings, type SpamSettingsForm } from '../../domain/comments/spam/settings.ts';
import type { Deps } from '../../domain/store.ts';
import { formState } from '../../views/admin/form.tsx';
import { SpamSettingsPage } from '../../views/admin/spam.tsx';
import { refusedForm } from '../forms.ts';
import { setFlash } from './session.ts';
import { SpamSettingsForm as SpamSettingsBody } from './schema.ts';

const PATH = '/admin/comments/spam';

/** The spam defence settings and blocklists at /admin/comments/spam, for those who may change the site's settings. */
export const spamRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/comments/spam', async (request, reply) => {
    const settings = await viewSpamSettings(deps, { actor: request.actor() });
    const admin = await reply.adminContext();
    return reply.page(SpamSettingsPage({ admin, state: formState({ ...spamSettingsForm(settings) }) }));
  });

  app.post('/comments/spam', { schema: { body: SpamSettingsBody } }, async (request, reply) => {
    const posted = request.body;
    const values: SpamSettingsForm = {
      minSeconds: posted.minSeconds ?? '',
      linkLimit: posted.linkLimit ?? '',
      holdScore: posted.holdScore ?? '',
      spamScore: posted.spamScore ?? '',
      blockedWords: posted.blockedWords ?? '',
      blockedAddresses: posted.blockedAddresses ?? '',
      blockedDomains: posted.blockedDomains ?? '',
    };
    try {
      await updateSpamSettings(deps, { actor: request.actor(), values });
      setFlash(request, reply, 'Spam settings saved.');
      return reply.redirect(PATH, 303);
    } catch (error) {
      const state = refusedForm(error, { ...values }, reply);
      const admin = await reply.adminContext();
      return reply.page(SpamSettingsPage({ admin, state }), reply.statusCode);
    }
  });
};
