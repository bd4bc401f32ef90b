import { stat } from 'node:fs/promises';
import { ImportFileError, type ImportSource } from '../../domain/importing/records.ts';
import { FactsCollector, type WxrFacts } from './facts.ts';
import { notWxr } from './problems.ts';
import { checkItem } from './validate.ts';
import { scanWxr } from './wxr-stream.ts';
import type { WxrChannel } from './wxr.ts';

/**
 * The first pass: reads the whole file, refuses it at the first problem (ImportFileError with
 * its line and column), and gathers the facts the second pass needs. Writes nothing.
 */
export async function checkWxr(file: string): Promise<WxrFacts> {
  const totalBytes = await sizeOf(file);
  const facts = new FactsCollector();
  let source: ImportSource | null = null;
  for await (const entity of scanWxr(file)) {
    switch (entity.kind) {
      case 'channel':
        source = sourceOf(entity);
        break;
      case 'term':
        facts.addTerm(entity);
        break;
      case 'item':
        checkItem(entity);
        facts.addItem(entity);
        break;
    }
  }
  // The scanner refuses a file without a channel header, so a source has been found by now.
  const { entries, featuredOn, attachments, attachmentsOf, categoryParents } = facts;
  return { source: source!, totalBytes, entries, featuredOn, attachments, attachmentsOf, categoryParents };
}

/**
 * The site the export came from, which keys every later import of it: wp:base_site_url, or the
 * channel's link. Only the scheme, host and path count, without a trailing slash.
 */
export function sourceOf(channel: WxrChannel): ImportSource {
  const address = channel.baseSiteUrl.trim() || channel.link.trim();
  if (!address) throw notWxr('its channel names no site (no wp:base_site_url and no <link>)', channel.place, true);
  let site = address;
  try {
    const url = new URL(address);
    site = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    // Not a URL: the text itself still identifies the site from one export to the next.
  }
  site = site.replace(/\/+$/, '');
  return { key: `wordpress:${site}`, label: `WordPress site ${site}` };
}

async function sizeOf(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ImportFileError(`${file} is not a file. Give the path of the .xml file WordPress exported.`, null);
    return info.size;
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message;
    throw new ImportFileError(`Cannot read ${file}: ${reason}.`, null);
  }
}
