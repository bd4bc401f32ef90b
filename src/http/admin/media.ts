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
import type { Static } from 'typebox';
import { describePicture, readPicture, setFocalPoint } from '../../domain/media/library-edit.ts';
import { deletePicture, replacePicture } from '../../domain/media/library-manage.ts';
import type { MediaDeps } from '../../domain/media/ports.ts';
import type { MediaServices } from '../../domain/media/storage.ts';
import { listMediaLibrary, uploadPicture, type UploadedFile } from '../../domain/media/upload.ts';
import { ValidationError } from '../../domain/shared/errors.ts';
import { authorize, type Permission, type StaffActor } from '../../domain/shared/policy.ts';
import type { Deps } from '../../domain/store.ts';
import { formState, type FormState } from '../../views/admin/form.tsx';
import { PicturePage } from '../../views/admin/media-picture.tsx';
import { adminMediaPaths, MediaLibraryPage } from '../../views/admin/media.tsx';
import { answerFor } from '../errors.ts';
import { refusedForm } from '../forms.ts';
import { pageOf } from '../params.ts';
import { ButtonForm, FocalPointForm, IdParams, MediaListQuery, MediaUploadForm, PictureWordsForm } from './schema.ts';
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

/** The upload enhancement (admin-media.js) asks for JSON; the plain form gets pages. */
function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json');
}

/**
 * The focal point a form sent, as fractions: where the picture was clicked (`focal.x`, `focal.y`,
 * in pixels of the frame it was shown in), or else the two fields, in percent. Anything unreadable
 * becomes NaN, which the use case refuses with its message.
 */
function focalOf(values: Static<typeof FocalPointForm>): { x: number; y: number } {
  const clickX = values['focal.x'];
  const clickY = values['focal.y'];
  if (clickX !== undefined && clickY !== undefined) {
    const x = Number(clickX) / Number(values.frameWidth);
    const y = Number(clickY) / Number(values.frameHeight);
    // A click lands on a pixel, 0 to width - 1; the frame's edge is as far as a point can go.
    return { x: Math.min(Math.max(x, 0), 1), y: Math.min(Math.max(y, 0), 1) };
  }
  const fraction = (text: string | undefined) => (text === undefined || text.trim() === '' ? Number.NaN : Number(text) / 100);
  return { x: fraction(values.focalX), y: fraction(values.focalY) };
}

/** What a refused form shows again; the CSRF token and the click's coordinates are left out. */
function typed(values: Readonly<Record<string, string | undefined>>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.flatMap((name) => {
      const value = values[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/**
 * The newsroom's media library at /admin/media: every member of staff may browse, search and
 * upload; a picture's page describes it (its uploader, editors and administrators), and editors
 * and administrators replace and delete pictures. The use cases check each permission.
 */
export const mediaRoutes: FastifyPluginAsync<{ deps: Deps; media: MediaServices }> = async (plugin, { deps, media }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const mediaDeps: MediaDeps = { ...deps, media };
  const uploads = new WeakMap<FastifyRequest, UploadedFile>();
  const temporaries = new WeakMap<FastifyRequest, string[]>();

  // MUST run before the body is read: a signed-out or forbidden upload is refused before a byte of
  // it is written. A route that takes a file names the permission it needs in its config.
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'POST') return;
    const { permission } = (request.routeOptions.config ?? {}) as { permission?: Permission };
    authorize(request.actor(), permission ?? 'media.upload');
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
    view: { page: number; query: string; uploadState: FormState; status?: number },
  ): Promise<FastifyReply> {
    const library = await listMediaLibrary(mediaDeps, { actor, page: view.page, query: view.query });
    const admin = await reply.adminContext();
    return reply.page(MediaLibraryPage({ admin, library, query: view.query, uploadState: view.uploadState }), view.status);
  }

  /** A picture's page, with one of its forms given back as refused. */
  async function renderPicture(
    reply: FastifyReply,
    actor: StaffActor,
    id: number,
    refused: { words?: FormState; focal?: FormState; replace?: FormState; delete?: FormState; status?: number } = {},
  ): Promise<FastifyReply> {
    const { item, uses, abilities } = await readPicture(mediaDeps, { actor, id });
    const admin = await reply.adminContext();
    const words = { alt: item.alt, caption: item.caption, credit: item.credit };
    return reply.page(
      PicturePage({
        admin,
        item,
        uses,
        abilities,
        wordsState: refused.words ?? formState(words),
        focalState: refused.focal ?? formState(),
        replaceState: refused.replace ?? formState(),
        deleteState: refused.delete ?? formState(),
      }),
      refused.status,
    );
  }

  app.get('/media', { schema: { querystring: MediaListQuery } }, async (request, reply) => {
    const query = (request.query.q ?? '').trim();
    return renderLibrary(reply, request.actor(), { page: pageOf(request.query), query, uploadState: formState() });
  });

  app.post('/media', { schema: { body: MediaUploadForm } }, async (request, reply) => {
    const actor = request.actor();
    try {
      const uploaded = await uploadPicture(mediaDeps, { actor, file: uploads.get(request) ?? null });
      if (wantsJson(request)) {
        return reply.code(201).send({ id: uploaded.id, name: uploaded.originalName, url: adminMediaPaths.picture(uploaded.id) });
      }
      setFlash(request, reply, `“${uploaded.originalName}” uploaded. Its sizes for every screen are being made.`);
      return reply.redirect(adminMediaPaths.list(), 303);
    } catch (error) {
      if (wantsJson(request) && error instanceof ValidationError) {
        return reply.code(answerFor(error).status).send({ errors: error.fields });
      }
      const uploadState = refusedForm(error, {}, reply);
      return renderLibrary(reply, actor, { page: 1, query: '', uploadState, status: reply.statusCode });
    }
  });

  app.get('/media/:id', { schema: { params: IdParams } }, async (request, reply) => {
    return renderPicture(reply, request.actor(), Number(request.params.id));
  });

  app.post('/media/:id', { schema: { params: IdParams, body: PictureWordsForm } }, async (request, reply) => {
    const actor = request.actor();
    const id = Number(request.params.id);
    const values = request.body;
    try {
      const words = { alt: values.alt ?? '', caption: values.caption ?? '', credit: values.credit ?? '' };
      const item = await describePicture(mediaDeps, { actor, id, words });
      setFlash(request, reply, `The words of “${item.originalName}” are saved; the articles that show it follow.`);
      return reply.redirect(adminMediaPaths.picture(id), 303);
    } catch (error) {
      const words = refusedForm(error, typed(values, ['alt', 'caption', 'credit']), reply);
      return renderPicture(reply, actor, id, { words, status: reply.statusCode });
    }
  });

  app.post('/media/:id/focal', { schema: { params: IdParams, body: FocalPointForm } }, async (request, reply) => {
    const actor = request.actor();
    const id = Number(request.params.id);
    try {
      const item = await setFocalPoint(mediaDeps, { actor, id, focal: focalOf(request.body) });
      setFlash(request, reply, `Focal point saved. The crops of “${item.originalName}” are being made again around it.`);
      return reply.redirect(adminMediaPaths.picture(id), 303);
    } catch (error) {
      const focal = refusedForm(error, typed(request.body, ['focalX', 'focalY']), reply, { fields: { focal: 'focalX' } });
      return renderPicture(reply, actor, id, { focal, status: reply.statusCode });
    }
  });

  app.post(
    '/media/:id/file',
    { schema: { params: IdParams, body: MediaUploadForm }, config: { permission: 'media.manage' } },
    async (request, reply) => {
      const actor = request.actor();
      const id = Number(request.params.id);
      try {
        const item = await replacePicture(mediaDeps, { actor, id, file: uploads.get(request) ?? null });
        setFlash(request, reply, `The file is replaced by “${item.originalName}”. Its sizes for every screen are being made.`);
        return reply.redirect(adminMediaPaths.picture(id), 303);
      } catch (error) {
        const replace = refusedForm(error, {}, reply);
        return renderPicture(reply, actor, id, { replace, status: reply.statusCode });
      }
    },
  );

  app.post('/media/:id/delete', { schema: { params: IdParams, body: ButtonForm } }, async (request, reply) => {
    const actor = request.actor();
    const id = Number(request.params.id);
    try {
      const item = await deletePicture(mediaDeps, { actor, id });
      setFlash(request, reply, `“${item.originalName}” deleted.`);
      return reply.redirect(adminMediaPaths.list(), 303);
    } catch (error) {
      const deleted = refusedForm(error, {}, reply);
      return renderPicture(reply, actor, id, { delete: deleted, status: reply.statusCode });
    }
  });
};
