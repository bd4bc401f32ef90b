// Rewrites dist/cli/main.js, the entry bin/broadsheet.js runs, as one file holding the compiled
// modules it imports and the pure-JavaScript packages they use. Loading some 1,300 ES modules
// (Kysely and TypeBox are hundreds of small files each) took over half of `broadsheet serve`'s
// start on Node 20; one file is read and compiled in a fraction of that. The rest of dist/ stays as
// tsc wrote it: worker threads start from their own files there.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Packages left to Node: native addons, those that find files of their own beside their code
 * (pino's and thread-stream's workers) and tsx, which bin/ loads only when dist/ is stale.
 */
const EXTERNAL = ['better-sqlite3', '@node-rs/argon2', 'sharp', 'pino', 'thread-stream', 'tsx'];

/**
 * Each module is read as it is on disk, but for two things. It keeps its own `import.meta.url` (the
 * public files, the demo's articles and the import worker are found from it): the bundle's, taken
 * back to where that module lies. And a character past ASCII is written as its escape (asciiOnly),
 * before bundling so that the source map's columns stay true.
 * @param {string} entryDir
 * @returns {import('esbuild').Plugin}
 */
function asOnDisk(entryDir) {
  return {
    name: 'as-on-disk',
    setup(bundler) {
      bundler.onLoad({ filter: /\.[cm]?js$/ }, async (args) => {
        const source = await fs.promises.readFile(args.path, 'utf8');
        const relative = path.relative(entryDir, args.path).split(path.sep).join('/');
        const own = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
        const contents = asciiOnly(source.replaceAll('import.meta.url', own));
        return contents === source ? undefined : { contents, loader: 'js' };
      });
    },
  };
}

/**
 * Bundles `entry` (a module of dist/) in place.
 * @param {string} entry
 */
export async function bundleEntry(entry) {
  const entryDir = path.dirname(entry);
  const { outputFiles } = await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    plugins: [asOnDisk(entryDir)],
    // The CommonJS packages inside call require() for Node's own modules.
    banner: { js: "import { createRequire as bundledRequire } from 'node:module'; const require = bundledRequire(import.meta.url);" },
    // V8 keeps the whole source in the heap, and under load the old generation grows to a multiple
    // of what is live: without spaces and comments the source is a third smaller. Names stay, and
    // the map beside it (node --enable-source-maps) gives a stack trace the lines of dist/.
    minifyWhitespace: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    write: false,
  });
  for (const file of outputFiles) await fs.promises.writeFile(file.path, file.contents);
  return pathToFileURL(entry).href;
}

/**
 * The source with every character past ASCII written as its \u escape. V8 keeps a module's whole
 * source in the heap, in one byte a character only while every character fits in one: a single
 * curly quote in a regular expression (esbuild leaves those as they are) made the 4.8 MB bundle
 * take 9.4 MB for the server's whole life. The escapes mean the same in strings, templates (whose
 * raw text no code here reads), regular expressions and comments.
 * @param {string} source
 */
function asciiOnly(source) {
  return source.replace(/[^\0-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
