import type { MediaDeps } from './ports.ts';

/**
 * Removes the rendition files no picture's row names any more. Names are hashes of the bytes, so
 * two uploads of the same photo share their files: a file one picture no longer needs may still be
 * another's. Call it after the commit that dropped the rows, never before.
 */
export async function removeUnusedRenditionFiles(deps: MediaDeps, fileNames: readonly string[]): Promise<void> {
  const candidates = [...new Set(fileNames)];
  const inUse = await deps.store.library.renditionFilesInUse(candidates);
  for (const fileName of candidates) if (!inUse.has(fileName)) await deps.media.storage.delete('renditions', fileName);
}
