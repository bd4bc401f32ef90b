/**
 * Every regular expression that can see what a reader or a member of staff sent (the code behind
 * the web app, and the browser scripts) must take time in proportion to its input. recheck finds
 * the patterns that backtrack (a quadratic one let a 65 kB comment freeze the server for seconds)
 * and proves the rest safe, so a new risky pattern fails here rather than in production.
 *
 * Left out: src/import, src/export, src/cli and src/demo, which read the operator's own files on
 * the command line, and src/config.ts, which reads the operator's environment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { check } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EMAIL_PATTERN } from '../src/domain/shared/email.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCANNED = ['src/http', 'src/domain', 'src/db', 'src/views', 'src/paths', 'src/formats', 'src/mail', 'public'];

/** `new RegExp(...)` calls reviewed by hand, with the reason each is safe. */
const REVIEWED_DYNAMIC: Record<string, string> = {
  'src/domain/search/search-terms.ts': 'two fixed marker characters; and the search words, escaped, as an alternation of literals',
  'src/domain/shared/email.ts': 'EMAIL_PATTERN (checked below)',
  'public/site.js': "EMAIL_PATTERN, sent by the server as the email field's data-pattern (checked below)",
};

interface Found {
  readonly where: string;
  readonly source?: string;
  readonly flags?: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const file = path.relative(ROOT, path.join(entry.parentPath, entry.name));
    return entry.isFile() && /\.(ts|tsx|js)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

function regexesIn(file: string): Found[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Found[] = [];
  const visit = (node: ts.Node): void => {
    const where = `${file}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText();
      const end = literal.lastIndexOf('/');
      found.push({ where, source: literal.slice(1, end), flags: literal.slice(end + 1) });
    } else if (ts.isNewExpression(node) && node.expression.getText() === 'RegExp') {
      found.push({ where });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

const all = SCANNED.flatMap(sourceFiles).flatMap(regexesIn);

describe('regular expressions that see user input', () => {
  it('finds the code to check', () => {
    expect(all.length).toBeGreaterThan(50);
  });

  it('all run in linear time (recheck)', { timeout: 120_000 }, async () => {
    const risky: string[] = [];
    for (const { where, source, flags } of all) {
      if (source === undefined) continue;
      // g and y change where a match starts, not how it backtracks; recheck assumes a search anywhere.
      const result = await check(source, flags!.replace(/[gy]/g, ''), { timeout: 10_000 });
      if (result.status !== 'safe') risky.push(`${where} /${source}/${flags} is ${result.status}`);
    }
    expect(risky).toEqual([]);
  });

  it('builds patterns at run time only where reviewed', () => {
    const unreviewed = all.filter((found) => found.source === undefined && !(found.where.split(':')[0]! in REVIEWED_DYNAMIC));
    expect(unreviewed.map((found) => found.where)).toEqual([]);
  });

  it("checks emails with a pattern that cannot backtrack, in the server and in the reader's browser", async () => {
    const result = await check(EMAIL_PATTERN, 'u', { timeout: 10_000 });
    expect(result.status).toBe('safe');
  });
});
