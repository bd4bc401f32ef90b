import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsMediaStorage } from './fs-storage.ts';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-media-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

async function text(storage: ReturnType<typeof fsMediaStorage>, area: 'originals' | 'renditions', key: string) {
  const file = await storage.open(area, key);
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return { bytes: file.bytes, text: Buffer.concat(chunks).toString() };
}

describe('fsMediaStorage', () => {
  it('keeps originals and renditions in separate folders, from a path, a stream or bytes', async () => {
    const storage = fsMediaStorage(root);
    const upload = path.join(root, 'upload.tmp');
    fs.writeFileSync(upload, 'original');
    await storage.put('originals', '2026/12/a.jpg', { path: upload });
    await storage.put('renditions', '320x200-abc.webp', { stream: Readable.from([Buffer.from('stre'), Buffer.from('amed')]) });
    await storage.put('renditions', '640x400-abc.jpg', { data: Buffer.from('bytes') });

    expect(fs.existsSync(upload)).toBe(false);
    expect(fs.readFileSync(path.join(root, 'originals/2026/12/a.jpg'), 'utf8')).toBe('original');
    expect(await text(storage, 'renditions', '320x200-abc.webp')).toEqual({ bytes: 8, text: 'streamed' });
    expect(await text(storage, 'renditions', '640x400-abc.jpg')).toEqual({ bytes: 5, text: 'bytes' });
    // An original is never found among the public files.
    expect(await storage.exists('renditions', '2026/12/a.jpg')).toBe(false);
    expect(fs.readdirSync(path.join(root, 'public')).sort()).toEqual(['320x200-abc.webp', '640x400-abc.jpg']);
  });

  it('answers null for a missing file, and deletes quietly what is not there', async () => {
    const storage = fsMediaStorage(root);
    expect(await storage.open('renditions', 'nothing.jpg')).toBeNull();
    await storage.put('renditions', 'x.jpg', { data: Buffer.from('x') });
    await storage.delete('renditions', 'x.jpg');
    await storage.delete('renditions', 'x.jpg');
    expect(await storage.exists('renditions', 'x.jpg')).toBe(false);
  });

  it('refuses a key that could climb out of its folder', async () => {
    const storage = fsMediaStorage(root);
    for (const key of ['../originals/a.jpg', '/etc/passwd', 'a/../../b', '', 'a//b', '.hidden']) {
      await expect(storage.put('renditions', key, { data: Buffer.from('x') }), key).rejects.toThrow('not a media key');
    }
  });
});
