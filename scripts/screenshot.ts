// Usage: npx tsx scripts/screenshot.ts URL FILE.png [WIDTH] [HEIGHT]
// With HEIGHT, captures that viewport; without it, the whole page.
// Takes the browser the tests take: BROADSHEET_TEST_BROWSER=bundled, CHROMIUM_PATH, the system's, the npm-shipped one.
import { chooseChromium, launchChromium } from '../test/support/chromium.ts';

const [url, out, width = '1280', height] = process.argv.slice(2);
if (!url || !out) {
  console.error('Usage: npx tsx scripts/screenshot.ts URL FILE.png [WIDTH] [HEIGHT]');
  process.exit(2);
}
const browser = await launchChromium(await chooseChromium());
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height ?? 900) } });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.screenshot({ path: out, fullPage: height === undefined });
} finally {
  await browser.close();
}
