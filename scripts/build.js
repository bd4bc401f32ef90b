// `npm run build` (and `npm install`, through "prepare"): compresses public/ (scripts/compress-assets.js),
// then compiles src/ to dist/, bundles the entry bin/ runs (scripts/bundle.js) and stamps it with
// the hash of the sources it came from; bin/broadsheet.js runs dist/ only while the stamp matches.
// A build that fails leaves no stamp and exits 0 under "prepare", so that `npm install` still
// succeeds and Broadsheet runs from the sources; `npm run build` itself reports the failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import console from 'node:console';
import { DIST, sourceHash, STAMP } from '../bin/compiled.js';
import { compressAssets } from './compress-assets.js';
import { bundleEntry } from './bundle.js';

const duringInstall = process.env.npm_lifecycle_event === 'prepare';
// First, so that even a failed compile leaves the site's assets compressed for `npm start`.
compressAssets('public');
fs.rmSync(DIST, { recursive: true, force: true });
const hash = sourceHash();
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('The build failed (see above); broadsheet runs from the TypeScript sources meanwhile.');
  process.exit(duringInstall ? 0 : 1);
}
// The demo publication's articles and images are read at run time, beside its code.
fs.cpSync('src/demo', path.join(DIST, 'demo'), { recursive: true, filter: (file) => !file.endsWith('.ts') });
try {
  await bundleEntry(path.join(DIST, 'cli', 'main.js'));
} catch (error) {
  console.error(error);
  console.error('Bundling dist/cli/main.js failed (see above); broadsheet runs from the TypeScript sources meanwhile.');
  process.exit(duringInstall ? 0 : 1);
}
fs.writeFileSync(STAMP, `${hash}\n`);
