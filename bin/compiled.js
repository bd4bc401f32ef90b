// Whether dist/ holds a build of exactly the sources in src/: bin/broadsheet.js runs it then, and
// the TypeScript sources through tsx otherwise (after an edit, until `npm run build`).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
export const STAMP = path.join(DIST, '.sources');

/** A hash of everything a build is made from: src/ (tests aside) and the compiler's settings. */
export function sourceHash() {
  const hash = crypto.createHash('sha256');
  const files = fs
    .readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
  for (const file of [...files.sort(), path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'tsconfig.build.json')]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** The compiled module for `entry` (e.g. cli/main.js) if dist/ is a build of the current sources, else null. */
export function compiledModule(entry) {
  let stamp;
  try {
    stamp = fs.readFileSync(STAMP, 'utf8').trim();
  } catch {
    return null;
  }
  return stamp === sourceHash() ? new URL(`../dist/${entry}`, import.meta.url).href : null;
}
