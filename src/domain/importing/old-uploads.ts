/**
 * Where an old site kept its uploaded files, and how its addresses of them are spelled. Bringing
 * imported pictures home (media-home.ts) finds each file by the part of its address after the
 * uploads folder; a reader's old link, or an `<img>` in an old body, may name a resized copy that
 * the old site made, which leads to the same picture.
 */

/** The folder of uploaded files in each system's addresses, and in a copy of its files. */
export const UPLOAD_FOLDERS = {
  /** `wp-content/uploads/2019/05/photo.jpg` */
  wordpress: '/wp-content/uploads/',
  /** Ghost's `content/images/2024/05/photo.jpg` */
  ghost: '/content/images/',
} as const;

export type UploadFolderSystem = keyof typeof UPLOAD_FOLDERS;

/**
 * The path of an upload inside the uploads folder, as `/`-separated decoded names
 * ("2019/05/harbour at dawn.jpg"), or null when the address is not under `folder`, or names a
 * part that could climb out of it.
 */
export function pathInUploads(url: string, folder: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url.trim(), 'http://old.invalid').pathname;
  } catch {
    return null;
  }
  const at = pathname.indexOf(folder);
  if (at === -1) return null;
  const parts = pathname.slice(at + folder.length).split('/');
  const names: string[] = [];
  for (const part of parts) {
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\') || name.includes('\0')) return null;
    names.push(name);
  }
  return names.length > 0 ? names.join('/') : null;
}

/** WordPress's resized copies: `photo-1024x683.jpg` of `photo.jpg`. */
const WORDPRESS_SIZE = /-\d{1,5}x\d{1,5}(\.[a-z0-9]{1,5})$/i;
/** Ghost's: `/content/images/size/w600/2024/05/photo.jpg` (or `w600h400`) of `/content/images/2024/05/photo.jpg`. */
const GHOST_SIZE = /\/content\/images\/size\/w\d{1,5}(?:h\d{1,5})?\//i;

/**
 * The address of the original a resized copy was made from, or null when `path` names no resized
 * copy. Works on any spelling of the path (a legacy key, a whole URL).
 */
export function originalOfResized(path: string): string | null {
  if (GHOST_SIZE.test(path)) return path.replace(GHOST_SIZE, '/content/images/');
  if (WORDPRESS_SIZE.test(path)) return path.replace(WORDPRESS_SIZE, '$1');
  return null;
}
