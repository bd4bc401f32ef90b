import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { MediaDeps } from '../../domain/media/ports.ts';
import type { MediaServices } from '../../domain/media/storage.ts';
import { listMediaLibrary, uploadPicture, type UploadedFile } from '../../domain/media/upload.ts';
import { authorize, type StaffActor } from '../../domain/shared/policy.ts';
import type { Deps } from '../../domain/store.ts';
import { formState, type FormState } from '../../views/admin/form.tsx';
import { adminMediaPaths, MediaLibraryPage } from '../../views/admin/media.tsx';
import { refusedForm } from '../forms.ts';
import { pageOf } from '../params.ts';
import { MediaListQuery, MediaUploadForm } from './schema.ts';
import { setFlash } from './session.ts';

/** Enough of a file's start to recognise any accepted type (AVIF names its brands within the first 64 bytes or so). */
const HEAD_BYTES = 256;

/**
 * Writes an uploaded file to a temporary file as it arrives, counting its bytes and keeping its
 * first ones to recognise its type. Past the byte limit busboy stops giving data and marks the file
 * truncated, so no more than the limit is ever written.
 */
async function receive(part: MultipartFile, file: string): Promise<UploadedFile> {
  let bytes = 0;
  const head: Buffer[] = [];
  let headBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (headBytes < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
        headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
      }
      done(null, chunk);
    },
  });
  await pipeline(part.file, counter, fs.createWriteStream(file));
  // Some browsers send the whole path the file had (C:\\Users\\…\\photo.jpg): only its name is the uploader's business.
  const originalName = path.win32.basename(part.filename);
  return { path: file, originalName, bytes, truncated: part.file.truncated, head: Buffer.concat(head) };
}

/** The newsroom's media library at /admin/media: every member of staff may upload; the list is theirs to browse. */
export const mediaRoutes: FastifyPluginAsync<{ deps: Deps; media: MediaServices }> = async (plugin, { deps, media }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const mediaDeps: MediaDeps = { ...deps, media };
  const uploads = new WeakMap<FastifyRequest, UploadedFile>();
  const temporaries = new WeakMap<FastifyRequest, string[]>();

  // MUST run before the body is read: a signed-out or forbidden upload is refused before a byte of it is written.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'POST') authorize(request.actor(), 'media.upload');
  });
  // Whatever became of the upload (moved into storage, refused, a bad CSRF token), no temporary
  // file stays. onSend runs before any answer goes out, errors' included, so the next request
  // never finds it; onResponse catches a client that went away mid-upload.
  const removeTemporaries = async (request: FastifyRequest) => {
    const files = temporaries.get(request) ?? [];
    temporaries.delete(request);
    for (const file of files) await fsp.rm(file, { force: true });
  };
  app.addHook('onSend', async (request, _reply, payload) => {
    await removeTemporaries(request);
    return payload;
  });
  app.addHook('onResponse', removeTemporaries);

  // Fields come into the body (the CSRF check reads `_csrf` there before the handler runs); the
  // file goes to disk through `receive`, never into memory.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: media.limits.maxBytes, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      if (part.fieldname !== 'file' || uploads.has(this)) {
        part.file.resume();
        return;
      }
      const file = path.join(os.tmpdir(), `broadsheet-upload-${randomUUID()}`);
      temporaries.set(this, [...(temporaries.get(this) ?? []), file]);
      uploads.set(this, await receive(part, file));
    },
  });

  async function renderLibrary(
    reply: FastifyReply,
    actor: StaffActor,
    view: { page: number; uploadState: FormState; status?: number },
  ): Promise<FastifyReply> {
    const library = await listMediaLibrary(mediaDeps, { actor, page: view.page });
    const admin = await reply.adminContext();
    return reply.page(MediaLibraryPage({ admin, library, uploadState: view.uploadState }), view.status);
  }

  app.get('/media', { schema: { querystring: MediaListQuery } }, async (request, reply) => {
    return renderLibrary(reply, request.actor(), { page: pageOf(request.query), uploadState: formState() });
  });

  app.post('/media', { schema: { body: MediaUploadForm } }, async (request, reply) => {
    const actor = request.actor();
    try {
      const uploaded = await uploadPicture(mediaDeps, { actor, file: uploads.get(request) ?? null });
      setFlash(request, reply, `“${uploaded.originalName}” uploaded. Its sizes for every screen are being made.`);
      return reply.redirect(adminMediaPaths.list(), 303);
    } catch (error) {
      const uploadState = refusedForm(error, {}, reply);
      return renderLibrary(reply, actor, { page: 1, uploadState, status: reply.statusCode });
    }
  });
};
