import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Which Chromium the browser tests and scripts/screenshot.ts drive, and how to start it. */
export interface ChromiumChoice {
  readonly executablePath: string;
  /** Says which browser it is, for the line each test run prints. */
  readonly description: string;
  /** Variables the browser process needs on top of ours: the bundled one's libraries and fonts. */
  readonly env: Readonly<Record<string, string>>;
}

/** The setting that picks the Chromium shipped in the npm package whatever the machine has. */
export const BROWSER_SETTING = 'BROADSHEET_TEST_BROWSER';

/** Where distributions put their Chromium, or Google's Chrome, first found first used. */
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

/** Our own flags; @sparticuz/chromium's `args` are for serverless hosts and turn web security off. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Picks the browser: the npm-shipped Chromium when BROADSHEET_TEST_BROWSER=bundled, else
 * CHROMIUM_PATH, else a system Chromium, else the npm-shipped one, unpacked on first use.
 * Throws, with what to do, when the choice cannot be made; it never quietly picks another.
 */
export async function chooseChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const setting = env[BROWSER_SETTING];
  if (setting === 'bundled') return unpackBundledChromium();
  if (setting !== undefined && setting !== '' && setting !== 'auto') {
    throw new Error(`${BROWSER_SETTING}=${setting} is not a choice: use "bundled", or leave it unset to take the machine's Chromium first`);
  }
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`CHROMIUM_PATH=${configured} is not an executable file`);
    return { executablePath: configured, description: `CHROMIUM_PATH (${configured})`, env: {} };
  }
  const system = SYSTEM_CHROMIUMS.find(isExecutable);
  if (system) return { executablePath: system, description: `the system's Chromium (${system})`, env: {} };
  return unpackBundledChromium();
}

/** Starts the chosen Chromium headless; a failure names the browser so the cause is plain. */
export async function launchChromium(choice: ChromiumChoice): Promise<Browser> {
  try {
    return await chromium.launch({
      executablePath: choice.executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS],
      env: { ...process.env, ...choice.env },
    });
  } catch (error) {
    throw new Error(`Chromium would not start: ${choice.description}\n${error instanceof Error ? error.message : String(error)}`);
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Unpacks the Chromium inside @sparticuz/chromium into a folder named after its version, once per
 * machine. The package's own executablePath() would do it into a bare /tmp/chromium that it reuses
 * whatever version or half-written state it finds, and skips the libraries Debian may lack; so the
 * files are unpacked here into a staging folder that is renamed into place only when complete.
 */
async function unpackBundledChromium(): Promise<ChromiumChoice> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the Chromium in @sparticuz/chromium runs on Linux x64 only, not ${process.platform} ${process.arch}: set CHROMIUM_PATH`,
    );
  }
  // The package exports only its entry point (build/cjs/index.cjs); its files sit two folders up.
  const packageRoot = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '../..');
  const { version } = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const bin = path.join(packageRoot, 'bin');
  const dir = path.join(os.tmpdir(), `broadsheet-chromium-${version}`);
  const executablePath = path.join(dir, 'chromium');

  if (!fs.existsSync(executablePath)) {
    const staging = fs.mkdtempSync(`${dir}.partial-`);
    try {
      await pipeline(
        fs.createReadStream(path.join(bin, 'chromium.br')),
        createBrotliDecompress(),
        fs.createWriteStream(path.join(staging, 'chromium')),
      );
      fs.chmodSync(path.join(staging, 'chromium'), 0o755);
      // The software GL libraries are looked for beside the binary.
      await untar(path.join(bin, 'swiftshader.tar.br'), staging);
      // NSS, NSPR and expat as Amazon Linux builds them: Debian without Chromium installed has none.
      await untar(path.join(bin, 'al2023.tar.br'), staging);
      await untar(path.join(bin, 'fonts.tar.br'), staging);
      fs.mkdirSync(path.join(staging, 'fontconfig'));
      fs.writeFileSync(path.join(staging, 'fontconfig', 'fonts.conf'), fontsConf(dir));
      // mkdtemp made it private; other users of the machine may run the tests too.
      fs.chmodSync(staging, 0o755);
      fs.renameSync(staging, dir);
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      // Another run finishing the same unpacking first is no failure.
      if (!fs.existsSync(executablePath)) throw error;
    }
  }
  return {
    executablePath,
    description: `the Chromium ${version} shipped in @sparticuz/chromium (${executablePath})`,
    env: {
      LD_LIBRARY_PATH: [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_PATH: path.join(dir, 'fontconfig'),
    },
  };
}

/**
 * A fontconfig file of its own: without one (no /etc/fonts on a bare machine) the first page
 * crashes. It names the bundled Open Sans, and the system's fonts where there are any, so that
 * screenshots of Chinese text show glyphs wherever fonts-noto-cjk is installed.
 */
function fontsConf(dir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${path.join(dir, 'fonts')}</dir>
  <dir>/usr/share/fonts</dir>
  <dir>/usr/local/share/fonts</dir>
  <cachedir>${path.join(dir, 'fontconfig', 'cache')}</cachedir>
  <config></config>
</fontconfig>
`;
}

/**
 * Unpacks a Brotli-compressed tarball with the system's tar, which every Linux has. The archive is
 * decompressed to a file first: tar stops reading at the end-of-archive blocks and may exit before a
 * pipe into it is drained, which a stream pipeline reports as a premature close although nothing is
 * missing (seen on a fresh Debian root). With a file, tar's exit code alone decides.
 */
async function untar(file: string, into: string): Promise<void> {
  const archive = path.join(into, `${path.basename(file, '.br')}.partial`);
  await pipeline(fs.createReadStream(file), createBrotliDecompress(), fs.createWriteStream(archive));
  try {
    const result = spawnSync('tar', ['-x', '--no-same-owner', '-f', archive, '-C', into], { encoding: 'utf8' });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`tar could not unpack ${file} (exit ${result.status}): ${result.stderr.trim()}`);
  } finally {
    fs.rmSync(archive, { force: true });
  }
}
