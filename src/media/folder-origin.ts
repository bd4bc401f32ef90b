import fs from 'node:fs';
import path from 'node:path';
import type { PictureOrigin } from '../domain/importing/media-home.ts';
import { pathInUploads } from '../domain/importing/old-uploads.ts';
import { temporaryPicture } from './temporary-picture.ts';

/**
 * Imported pictures found in a copy of the old site's uploads folder (`--media-from DIR`):
 * WordPress's `…/wp-content/uploads/2019/05/photo.jpg` is `DIR/2019/05/photo.jpg`. Each file is
 * copied to a temporary one first, so the copy the operator made is never moved or changed.
 */
export function folderPictureOrigin(input: { dir: string; uploadsFolder: string; maxBytes: number }): PictureOrigin {
  const root = path.resolve(input.dir);
  return {
    async fetch(url) {
      const relative = pathInUploads(url, input.uploadsFolder);
      if (relative === null) return { found: false, reason: `not under ${input.uploadsFolder}, so not in ${input.dir}` };
      const file = path.join(root, ...relative.split('/'));
      let stream: fs.ReadStream;
      try {
        const handle = await fs.promises.open(file, 'r');
        if (!(await handle.stat()).isFile()) {
          await handle.close();
          return { found: false, reason: `${file} is not a file` };
        }
        stream = handle.createReadStream();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
          found: false,
          reason: code === 'ENOENT' ? `not in ${input.dir} (looked for ${file})` : `${file} could not be read (${code})`,
        };
      }
      return temporaryPicture(stream, { name: path.basename(file), maxBytes: input.maxBytes });
    },
  };
}
