import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { findPictureChoices } from '../../domain/articles/featured-picture.ts';
import type { Deps } from '../../domain/store.ts';
import { PictureChoice } from '../../views/admin/featured-picture.tsx';
import { PictureChoicesQuery } from './schema.ts';

/**
 * The featured picture panel's search of the library (admin-featured-picture.js): each match as
 * the panel's own radio button, rendered here so that the page and the script never disagree on
 * its markup, with its words for the preview.
 */
export const mediaPickerRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/media/pictures.json', { schema: { querystring: PictureChoicesQuery } }, async (request, reply) => {
    const pictures = await findPictureChoices(deps, { actor: request.actor(), text: request.query.q ?? '' });
    return reply.header('cache-control', 'private, no-store').send({
      pictures: pictures.map((picture) => ({
        id: picture.id,
        alt: picture.alt,
        caption: picture.caption,
        credit: picture.credit,
        html: PictureChoice({ picture, checked: false }),
      })),
    });
  });
};
