import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Agent } from './staff.ts';
import { EMBED_HOSTS } from '../../src/domain/shared/html-sanitize.ts';

/**
 * What a rendered page holds that script could run from: dialogs it opened, each element name
 * with its count, inline handlers (`on*` attributes), addresses that run script or carry a
 * document (`javascript:`, `vbscript:`, `data:` anywhere but an image), and frames (but for a
 * listed player in its sandbox, which the article sanitizer keeps on purpose).
 */
export interface PageAudit {
  readonly dialogs: readonly string[];
  readonly elements: Readonly<Record<string, number>>;
  readonly handlers: readonly string[];
  readonly scriptAddresses: readonly string[];
  readonly frames: number;
}

/** A page that records and dismisses every dialog, for one hostile page after another. */
export async function auditingPage(target: Browser | BrowserContext): Promise<{ page: Page; dialogs: string[] }> {
  const page = await target.newPage();
  page.setDefaultTimeout(20_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  // Nothing leaves the machine, and styles, images and fonts only slow the suite: the site's own
  // scripts and documents load, so script the page runs (its own included) meets the hostile text.
  await page.route('**/*', (route) => {
    const local = route.request().url().startsWith('http://127.0.0.1');
    const needed = ['document', 'script', 'xhr', 'fetch'].includes(route.request().resourceType());
    return local && needed ? route.fallback() : route.abort();
  });
  return { page, dialogs };
}

/** Loads `url` (or shows `html` as if served there) and audits what the page then holds. */
export async function auditPage(
  tab: { page: Page; dialogs: string[] },
  url: string,
  served?: { html: string; headers: Record<string, string> },
): Promise<PageAudit> {
  tab.dialogs.length = 0;
  if (served) {
    await tab.page.route(url, (route) => route.fulfill({ status: 200, headers: served.headers, body: served.html }), { times: 1 });
  }
  await tab.page.goto(url, { waitUntil: 'load' });
  // Give autofocus, animation and media-error handlers a moment to fire.
  await tab.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20))));
  const found = await tab.page.evaluate((embedHosts) => {
    const elements: Record<string, number> = {};
    const handlers: string[] = [];
    const scriptAddresses: string[] = [];
    let frames = 0;
    for (const el of document.querySelectorAll('*')) {
      const name = el.localName;
      // A listed player in its sandbox is what the sanitizer keeps on purpose.
      const src = name === 'iframe' ? URL.parse(el.getAttribute('src') ?? '') : null;
      const sandbox = el.getAttribute('sandbox');
      if (src?.protocol === 'https:' && embedHosts.includes(src.hostname) && sandbox !== null && !sandbox.includes('top-navigation'))
        continue;
      elements[name] = (elements[name] ?? 0) + 1;
      if (['iframe', 'frame', 'frameset', 'object', 'embed'].includes(name)) frames++;
      for (const attr of el.attributes) {
        if (attr.name.toLowerCase().startsWith('on')) handlers.push(`<${name} ${attr.name}>`);
        // As a browser reads an address: control characters and whitespace do not count.
        // eslint-disable-next-line no-control-regex -- stripping them is the point
        const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        const image = (name === 'img' || name === 'source') && (attr.name === 'src' || attr.name === 'srcset');
        if (/^(?:javascript|vbscript):/.test(value) || (value.startsWith('data:') && !image && attr.name !== 'value')) {
          if (attr.name !== 'value' && attr.name !== 'content' && attr.name !== 'aria-label' && attr.name !== 'title') {
            scriptAddresses.push(`<${name} ${attr.name}="${attr.value.slice(0, 60)}">`);
          }
        }
      }
    }
    const refresh = document.querySelector('meta[http-equiv="refresh" i]');
    if (refresh) scriptAddresses.push(`<meta refresh ${refresh.getAttribute('content') ?? ''}>`);
    return { elements, handlers, scriptAddresses, frames };
  }, EMBED_HOSTS);
  return { ...found, dialogs: [...tab.dialogs] };
}

/**
 * Elements that carry text and nothing else, whose count differs from page to page with the
 * content (a related-articles list, a name shown as a span instead of a link). A hostile string
 * that slipped one of these in is still caught: the text check finds its tag missing from the text.
 */
export const TEXT_MARKUP: ReadonlySet<string> = new Set(
  ['p', 'br', 'a', 'span', 'li', 'ol', 'ul', 'time', 'article', 'section', 'header', 'nav', 'div'].concat([
    'h2',
    'h3',
    'strong',
    'em',
    'small',
    'mark',
    'option',
  ]),
);

/** The moderation queue's own markup for each comment: a table row with its selection box and action buttons. */
export const QUEUE_MARKUP: ReadonlySet<string> = new Set(
  ['table', 'thead', 'tbody', 'tr', 'th', 'td', 'input', 'label', 'button', 'form', 'b', 'i'].concat(['fieldset', 'legend', 'template']),
);

/**
 * What the hostile page holds that the same page with benign content does not: any dialog, new
 * inline handlers, script addresses or frames, and more elements of a kind that is neither text
 * markup nor what the door itself makes (`expected`: Markdown's images and code blocks, say).
 */
export function injected(hostile: PageAudit, benign: PageAudit, expected: ReadonlySet<string>): string[] {
  const problems = hostile.dialogs.map((d) => `dialog ${d}`);
  const more = <T>(list: readonly T[], base: readonly T[]) => list.filter((item) => !base.includes(item));
  problems.push(...more(hostile.handlers, benign.handlers).map((h) => `handler ${h}`));
  problems.push(...more(hostile.scriptAddresses, benign.scriptAddresses).map((a) => `address ${a}`));
  if (hostile.frames > benign.frames) problems.push(`${hostile.frames - benign.frames} frame(s)`);
  for (const [name, count] of Object.entries(hostile.elements)) {
    if (!expected.has(name) && !TEXT_MARKUP.has(name) && count > (benign.elements[name] ?? 0))
      problems.push(`${count - (benign.elements[name] ?? 0)} <${name}>`);
  }
  return problems;
}

/**
 * Text as the page shows a field's value: the server trims and folds whitespace, a page drops NUL
 * from text (or shows U+FFFD for it), and a form post cannot carry a lone surrogate; compare modulo those.
 */
export function shownText(text: string): string {
  /* eslint-disable no-control-regex -- the characters a page cannot show are the point */
  return text
    .replace(/[\u0000\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[\u0001-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  /* eslint-enable no-control-regex */
}

/** A browser context holding a signed-in staff agent's cookies, for the newsroom's pages. */
export async function signedInContext(browser: Browser, agent: Agent, address: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const cookies = agent.cookieHeader.split('; ').map((pair) => {
    const [name, ...value] = pair.split('=');
    return { name: name!, value: value.join('='), url: address };
  });
  await context.addCookies(cookies);
  return context;
}
