import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { UploadedFile } from '../domain/media/upload.ts';

const PICTURES_DIR = new URL('./pictures/', import.meta.url);

/** One demo article's lead picture: an SVG drawn for it in ./pictures, and the text it is published with. */
export interface DemoPicture {
  /** The slug of the article it leads. */
  readonly article: string;
  readonly file: string;
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
}

/** The demo's pictures, each checked to have real text: a picture without alt text would teach the wrong habit. */
export async function readDemoPictures(): Promise<DemoPicture[]> {
  const pictures = JSON.parse(await fs.readFile(new URL('./pictures.json', import.meta.url), 'utf8')) as DemoPicture[];
  for (const picture of pictures) {
    if (!picture.alt.trim() || !picture.credit.trim()) throw new Error(`the demo picture ${picture.file} needs its alt text and credit`);
  }
  return pictures;
}

/**
 * Draws the pictures as PNG files in a new temporary folder, side by side (libvips renders each on
 * its own threads), as an upload form would have delivered them. The caller removes the folder;
 * the upload use case moves each file it accepts out of it first.
 */
export async function renderDemoPictures(
  pictures: readonly DemoPicture[],
): Promise<{ dir: string; files: Map<string, { picture: DemoPicture; file: UploadedFile }> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'broadsheet-demo-'));
  try {
    const rendered = await Promise.all(pictures.map(async (picture) => ({ picture, file: await renderOne(picture, dir) })));
    return { dir, files: new Map(rendered.map((drawn) => [drawn.picture.article, drawn])) };
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function renderOne(picture: DemoPicture, dir: string): Promise<UploadedFile> {
  const svg = fileURLToPath(new URL(picture.file, PICTURES_DIR));
  const originalName = picture.file.replace(/\.svg$/, '.png');
  const target = path.join(dir, originalName);
  // Flat colours compress well at the fastest level; the renditions are made from this file later.
  const { size } = await sharp(svg).png({ compressionLevel: 2 }).toFile(target);
  const handle = await fs.open(target, 'r');
  try {
    const head = new Uint8Array(64);
    await handle.read(head, 0, head.length, 0);
    return { path: target, originalName, bytes: size, truncated: false, head };
  } finally {
    await handle.close();
  }
}
