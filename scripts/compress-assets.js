// Writes NAME.br and NAME.gz beside each compressible file in public/, at the highest levels (the
// work is done once, here, not per request); @fastify/static's preCompressed serves them to clients
// that accept them. Run by scripts/build.js, so `npm install` (prepare) and `npm run build` make them.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Text formats that shrink; images such as PNG are compressed already. */
const COMPRESSIBLE = /\.(?:css|js|svg|json|txt|xml|html)$/;

/** @param {string} dir the directory to compress the files of @returns {number} how many files were compressed */
export function compressAssets(dir) {
  let written = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!COMPRESSIBLE.test(name)) continue;
    const source = fs.readFileSync(path.join(dir, name));
    const br = zlib.brotliCompressSync(source, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
      },
    });
    const gz = zlib.gzipSync(source, { level: zlib.constants.Z_BEST_COMPRESSION });
    fs.writeFileSync(path.join(dir, `${name}.br`), br);
    fs.writeFileSync(path.join(dir, `${name}.gz`), gz);
    written += 1;
  }
  return written;
}
