import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { HtmlValidate } from 'html-validate';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** A page as the server sent it. */
export interface FetchedPage {
  readonly path: string;
  readonly status: number;
  readonly html: string;
  /** Where the page was linked from, to name the culprit of a broken link. */
  readonly from: string;
}

const HREF = /\bhref="([^"]*)"/g;

/** Decodes the few entities an attribute written by the views can hold. */
function decodeAttribute(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** Same-origin links of a page, as `path?search` without the fragment. */
export function linksOf(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  const links: string[] = [];
  for (const match of html.matchAll(HREF)) {
    const url = new URL(decodeAttribute(match[1] ?? ''), pageUrl);
    if (url.origin === origin) links.push(url.pathname + url.search);
  }
  return links;
}

/**
 * Follows every same-origin link that `follow` accepts, breadth first from `start`, fetching each
 * path once without following redirects. `headers` go with every request (a session cookie, say).
 */
export async function crawl(
  base: string,
  start: string,
  follow: (pathAndSearch: string) => boolean,
  headers: Record<string, string> = {},
): Promise<Map<string, FetchedPage>> {
  const pages = new Map<string, FetchedPage>();
  const queue: Array<{ path: string; from: string }> = [{ path: start, from: '(start)' }];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const batch = queue.splice(0, 6);
    await Promise.all(
      batch.map(async ({ path: pagePath, from }) => {
        const response = await fetch(base + pagePath, { redirect: 'manual', headers });
        const html = await response.text();
        pages.set(pagePath, { path: pagePath, status: response.status, html, from });
        if (response.status !== 200) return;
        for (const link of linksOf(html, base + pagePath)) {
          if (seen.has(link) || !follow(link)) continue;
          seen.add(link);
          queue.push({ path: link, from: pagePath });
        }
      }),
    );
  }
  return pages;
}

/** html-validate's document rules, less those that disagree with the HTML standard or with vnu. */
const htmlValidate = new HtmlValidate({
  root: true,
  extends: ['html-validate:recommended', 'html-validate:document'],
  rules: {
    // The standard allows <br> and <br/> alike (vnu only notes the slash); the templates write one,
    // the Markdown and imported article bodies the other, so no one style can hold.
    'void-style': 'off',
    // Integrity protects against a changed file on another origin; every stylesheet and script here
    // is the site's own, so only cross-origin ones would need it.
    'require-sri': ['error', { target: 'crossorigin' }],
    // The standard sets no length on <title>; an article's title carries its headline, which is the
    // editor's to choose, not the markup's.
    'long-title': 'off',
    // A picture's placeholder colour, and the newsroom's focal-point marker and crop preview, are
    // `style` attributes, which the CSP allows (style-src-attr) and no stylesheet could hold.
    'no-inline-style': 'off',
    // An image button is the one control that sends where it was clicked without a script: the
    // media library's focal point is set so.
    'prefer-button': ['error', { exclude: ['image'] }],
    // The standard lets several checkboxes share a name, which submits each value checked: the
    // moderation queue's "ids" work that way.
    'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
  },
});

/** Checks every page with html-validate; returns one line per message, naming the page. */
async function htmlValidateProblems(pages: ReadonlyArray<{ name: string; html: string }>): Promise<string[]> {
  const problems: string[] = [];
  for (const { name, html } of pages) {
    const report = await htmlValidate.validateString(html, `${name}.html`);
    for (const result of report.results) {
      for (const m of result.messages) {
        problems.push(`${name} line ${m.line}: ${m.message} (html-validate ${m.ruleId}${m.selector ? ` at ${m.selector}` : ''})`);
      }
    }
  }
  return problems;
}

/** The `java` on PATH, if any: the Nu HTML Checker runs where there is one. */
export function findJava(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, 'java');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

interface VnuMessage {
  readonly type: string;
  readonly subType?: string;
  readonly url?: string;
  readonly lastLine?: number;
  readonly message: string;
  readonly extract?: string;
}

/** Runs the Nu HTML Checker once over every page; returns one line per error, naming the page. */
async function vnuProblems(java: string, pages: ReadonlyArray<{ name: string; html: string }>): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-vnu-'));
  try {
    const names = new Map<string, string>();
    const files = pages.map(({ name, html }, i) => {
      const file = path.join(dir, `page-${String(i).padStart(3, '0')}.html`);
      fs.writeFileSync(file, html);
      names.set(path.basename(file), name);
      return file;
    });
    // The package's main module sits beside build/dist/vnu.jar.
    const jar = path.join(path.dirname(require.resolve('vnu-jar')), 'build/dist/vnu.jar');
    // vnu exits 1 when it finds errors; it reports them as JSON on stderr either way.
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
      execFile(
        java,
        ['-jar', jar, '--errors-only', '--format', 'json', ...files],
        { maxBuffer: 64 * 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (!error) resolve({ code: 0, stderr });
          else if (typeof error.code === 'number') resolve({ code: error.code, stderr });
          else reject(new Error(`could not run the Nu HTML Checker: ${error.message}`));
        },
      );
    });
    let messages: VnuMessage[];
    try {
      messages = (JSON.parse(stderr) as { messages: VnuMessage[] }).messages;
    } catch {
      return [`vnu exited ${code} without a JSON report: ${stderr.slice(0, 2000)}`];
    }
    const problems = messages
      .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
      .map((m) => {
        const page = names.get(path.basename(m.url ?? '')) ?? m.url ?? '?';
        return `${page} line ${m.lastLine ?? '?'}: ${m.message}${m.extract ? ` [${m.extract.trim()}]` : ''} (vnu)`;
      });
    if (code !== 0 && problems.length === 0) problems.push(`vnu exited ${code}: ${stderr.slice(0, 2000)}`);
    return problems;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Checks every page with html-validate, and with the Nu HTML Checker too where Java is installed
 * (vnu catches what html-validate cannot: URLs, dates, ARIA values, unknown attributes). Returns
 * one line per problem, naming the page and the checker; an empty list means every page is valid.
 */
export async function validateHtml(pages: ReadonlyArray<{ name: string; html: string }>): Promise<string[]> {
  const problems = await htmlValidateProblems(pages);
  const java = findJava();
  if (java) problems.push(...(await vnuProblems(java, pages)));
  return problems;
}

/** axe-core's own bundle, evaluated in the page because the site's CSP blocks added script tags. */
export const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: unknown[]; readonly failureSummary?: string }>;
}

type AxeRunOptions = { rules: Record<string, { enabled: boolean }> };

/**
 * Runs every default axe rule on the loaded page, and `extraRules` that axe leaves off by default
 * (such as target-size, WCAG 2.2's 24px touch targets, which Lighthouse's mobile audit runs);
 * returns one readable line per failing node.
 */
export async function axeProblems(page: Page, name: string, extraRules: readonly string[] = []): Promise<string[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(axeSource);
  const options: AxeRunOptions = { rules: Object.fromEntries(extraRules.map((id) => [id, { enabled: true }])) };
  const { passes, violations } = await page.evaluate(async (options) => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: AxeRunOptions): Promise<{ passes: unknown[]; violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, options);
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })),
    };
  }, options);
  // A page axe found nothing to check on is not a page that passed.
  if (passes === 0) return [`${name}: axe checked no rules at all`];
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${name}: ${v.id} (${v.impact ?? 'n/a'}) ${v.help} at ${JSON.stringify(n.target)}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
    ),
  );
}
