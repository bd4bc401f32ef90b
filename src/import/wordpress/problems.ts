/**
 * The messages of a WXR file that cannot be imported. Each says what is wrong and what to do;
 * the place (line and column) is added by ImportFileError.
 */
import { ImportFileError } from '../../domain/importing/records.ts';
import type { WxrPlace } from './wxr.ts';

const EXPORT_AGAIN = 'Export the site again with WordPress’s Tools → Export (All content) and import that file.';

/** A file whose first character (at `index` of its first chunk) is not markup. */
export function notXml(chunk: string, index: number): ImportFileError {
  const lines = chunk.slice(0, index).split('\n');
  const place = { line: lines.length, column: lines.at(-1)!.replace(/^\uFEFF/, '').length + 1 };
  const opening = chunk.slice(index).split('\n')[0]!.trim();
  const looksLikeJson = opening.startsWith('{') || opening.startsWith('[');
  const hint = looksLikeJson ? ' It looks like JSON: a Ghost export is imported with `broadsheet import ghost FILE.json`.' : '';
  return new ImportFileError(
    `This is not an XML file (it begins “${[...opening].slice(0, 20).join('')}”), so it cannot be a WordPress export.${hint} ` +
      `A WordPress export is the .xml file that Tools → Export downloads.`,
    place,
  );
}

export function noXmlElement(place: WxrPlace, empty: boolean): ImportFileError {
  return new ImportFileError(
    empty
      ? 'This file is empty. A WordPress export is the .xml file that Tools → Export downloads; check the file was copied completely.'
      : 'This file holds no XML element, so it cannot be a WordPress export. A WordPress export is the .xml file that Tools → Export downloads.',
    place,
  );
}

export function notWxr(reason: string, place: WxrPlace, isRss: boolean): ImportFileError {
  const what = isRss ? 'an RSS/XML file' : 'an XML file';
  return new ImportFileError(`This is ${what} but not a WordPress export (WXR): ${reason}. ${EXPORT_AGAIN}`, place);
}

/**
 * What strict XML refuses but WordPress's own importer lets through (it falls back to a lenient
 * parser): a named HTML entity such as `&nbsp;` outside CDATA, kept as the text `&nbsp;` for the
 * HTML steps to decode, and a control character pasted into a post, kept as it is.
 */
const TOLERATED = new Set(['undefined entity.', 'disallowed character.']);

/** The parser's terse reasons, said the way a person fixing the file needs them. */
const REASONS: Readonly<Record<string, string>> = {
  'unexpected close tag.': 'a closing tag does not match the element it closes',
  'disallowed character in entity name.': 'an & starts no entity; a literal & is written &amp;',
  'text data outside of root node.': 'there is text after the end of the <rss> element',
};

/**
 * The error for what the XML parser reports, or null for what is tolerated once the file is
 * known to be a WordPress export (`inWxr`).
 */
export function xmlProblem(parserMessage: string, place: WxrPlace, inWxr: boolean): ImportFileError | null {
  const reason = parserMessage.replace(/^.*?\d+:\d+: /, '');
  if (inWxr && TOLERATED.has(reason)) return null;
  return new ImportFileError(
    `The file is not well-formed XML here (${(REASONS[reason] ?? reason).replace(/\.$/, '')}). WordPress writes well-formed ` +
      `exports, so the file was changed or damaged after export. ${EXPORT_AGAIN}`,
    place,
  );
}

export function truncated(what: string, place: WxrPlace): ImportFileError {
  return new ImportFileError(
    `The file ends in the middle of ${what}: it looks truncated (cut short while downloading or copying); export it again.`,
    place,
  );
}

/** An item or comment that breaks a rule every WordPress export keeps. */
export function brokenItem(problem: string, place: WxrPlace): ImportFileError {
  return new ImportFileError(`${problem} The export is damaged: correct that element or export the site again.`, place);
}
