import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MediaArea, MediaStorage } from '../domain/media/storage.ts';

/**
 * Each area's folder under the media directory: originals stay private (nothing serves that
 * folder), renditions are the public files /media/ answers with.
 */
const FOLDERS: Readonly<Record<MediaArea, string>> = { originals: 'originals', renditions: 'public' };

/** A key is relative, `/`-separated, of plain names: it can never climb out of its area. */
const KEY = /^(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)*[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Media storage in a folder (`BROADSHEET_DATA/media` unless `MEDIA_DIR` says otherwise). Every
 * write lands in a temporary file beside its target and is renamed into place, so a reader (or
 * another instance sharing the folder over a volume) never sees half a file.
 */
export function fsMediaStorage(root: string): MediaStorage {
  function fileOf(area: MediaArea, key: string): string {
    if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) throw new Error(`not a media key: "${key}"`);
    return path.join(root, FOLDERS[area], ...key.split('/'));
  }

  async function placed(target: string, write: (temporary: string) => Promise<void>): Promise<void> {
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      await write(temporary);
      await fsp.rename(temporary, target);
    } catch (error) {
      await fsp.rm(temporary, { force: true });
      throw error;
    }
  }

  return {
    async put(area, key, source) {
      const target = fileOf(area, key);
      if ('path' in source) {
        await fsp.mkdir(path.dirname(target), { recursive: true });
        try {
          await fsp.rename(source.path, target);
          return;
        } catch (error) {
          // Another file system (the system's temporary folder, a mounted volume): copy, then remove.
          if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        }
        await placed(target, (temporary) => fsp.copyFile(source.path, temporary));
        await fsp.rm(source.path, { force: true });
      } else if ('stream' in source) {
        await placed(target, (temporary) => pipeline(source.stream, fs.createWriteStream(temporary)));
      } else {
        await placed(target, (temporary) => fsp.writeFile(temporary, source.data));
      }
    },
    async open(area, key) {
      const file = fileOf(area, key);
      try {
        const handle = await fsp.open(file, 'r');
        const { size } = await handle.stat();
        return { stream: handle.createReadStream(), bytes: size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(area, key) {
      await fsp.rm(fileOf(area, key), { force: true });
    },
    async exists(area, key) {
      try {
        return (await fsp.stat(fileOf(area, key))).isFile();
      } catch {
        return false;
      }
    },
  };
}
