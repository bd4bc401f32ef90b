/**
 * XML 1.0 allows no control characters but tab and line breaks, and no U+FFFE/U+FFFF; a parser
 * (WordPress's among them) refuses a whole file for one. Imported text can carry them, so they go.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for an XML element's content: characters XML cannot hold dropped, `&`, `<` and `>` escaped. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text for a double-quoted XML attribute: as {@link xmlText}, and `"` escaped too. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;');
}

/**
 * Text in a CDATA section, which cannot hold `]]>`: like WordPress's own exporter, end the section
 * between `]]` and `>` and open another, so that `]]>` comes back whole when the file is read.
 */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** `<name>text</name>`, the text escaped. */
export function element(name: string, text: string | number): string {
  return `<${name}>${typeof text === 'number' ? text : xmlText(text)}</${name}>`;
}

/** `<name><![CDATA[text]]></name>`. */
export function cdataElement(name: string, text: string): string {
  return `<${name}>${cdata(text)}</${name}>`;
}
