import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { RENDITION_NAME, renditionMimeType } from '../domain/media/pictures.ts';
import type { MediaStorage } from '../domain/media/storage.ts';
import { NotFoundError } from '../domain/shared/errors.ts';

/** A file's name carries a hash of its bytes: a changed picture gets a new name, so browsers and CDNs may keep each for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const MediaFileParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * The renditions of uploaded pictures at /media/NAME, streamed from media storage's public area.
 * Like /assets/, they bypass the page cache (page-cache/address.ts) and say for themselves how
 * long they keep. Originals are never served: only names `renditionFileName` makes are looked up.
 */
export const mediaFileRoutes: FastifyPluginAsync<{ storage: MediaStorage }> = async (plugin, { storage }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/media/:name', { schema: { params: MediaFileParams } }, async (request, reply) => {
    const { name } = request.params;
    const type = RENDITION_NAME.test(name) ? renditionMimeType(name) : null;
    const file = type ? await storage.open('renditions', name) : null;
    if (!type || !file) throw new NotFoundError('The picture');
    return reply.type(type).header('content-length', file.bytes).header('cache-control', IMMUTABLE).send(file.stream);
  });
};
