// Usage: npx tsx scripts/screenshot.ts URL FILE.png [WIDTH] [HEIGHT]
// With HEIGHT, captures that viewport; without it, the whole page.
import { launchBrowser } from '../test/support/browser.ts';

const [url, out, width = '1280', height] = process.argv.slice(2);
if (!url || !out) {
  console.error('Usage: npx tsx scripts/screenshot.ts URL FILE.png [WIDTH] [HEIGHT]');
  process.exit(2);
}
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height ?? 900) } });
  await page.goto(url);
  await page.screenshot({ path: out, fullPage: height === undefined });
} finally {
  await browser.close();
}
