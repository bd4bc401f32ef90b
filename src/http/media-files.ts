import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { RENDITION_NAME, renditionMimeType } from '../domain/media/pictures.ts';
import type { MediaLibraryRepository, Rendition } from '../domain/media/repository.ts';
import type { MediaStorage } from '../domain/media/storage.ts';
import { NotFoundError } from '../domain/shared/errors.ts';

/** A file's name carries a hash of its bytes: a changed picture gets a new name, so browsers and CDNs may keep each for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const MediaFileParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
const PictureParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/**
 * A picture's address that never changes: its renditions' names change with their bytes (a new
 * crop, a replaced file), so old links (an imported site's upload addresses) lead here, and this
 * sends on to whatever the largest JPEG is now, for a short while only.
 */
export const picturePath = (id: number) => `/media/pictures/${id}`;
const SHORT = 'public, max-age=300';

/**
 * The renditions of uploaded pictures at /media/NAME, streamed from media storage's public area.
 * Like /assets/, they bypass the page cache (page-cache/address.ts) and say for themselves how
 * long they keep. Originals are never served: only names `renditionFileName` makes are looked up.
 */
export const mediaFileRoutes: FastifyPluginAsync<{ storage: MediaStorage; library: MediaLibraryRepository }> = async (
  plugin,
  { storage, library },
) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/media/pictures/:id', { schema: { params: PictureParams } }, async (request, reply) => {
    const picture = await library.findById(request.params.id);
    const largest = picture?.status === 'ready' ? largestJpeg(picture.renditions) : null;
    if (!largest) throw new NotFoundError('The picture');
    return reply.header('cache-control', SHORT).redirect(`/media/${largest.fileName}`, 302);
  });
  app.get('/media/:name', { schema: { params: MediaFileParams } }, async (request, reply) => {
    const { name } = request.params;
    const type = RENDITION_NAME.test(name) ? renditionMimeType(name) : null;
    const file = type ? await storage.open('renditions', name) : null;
    if (!type || !file) throw new NotFoundError('The picture');
    return reply.type(type).header('content-length', file.bytes).header('cache-control', IMMUTABLE).send(file.stream);
  });
};

function largestJpeg(renditions: readonly Rendition[]): Rendition | null {
  const jpegs = renditions.filter((rendition) => rendition.purpose === 'responsive' && rendition.format === 'jpeg');
  return jpegs.reduce<Rendition | null>((best, rendition) => (best && best.width >= rendition.width ? best : rendition), null);
}
