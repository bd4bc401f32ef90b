/**
 * Text for an attribute value. @kitajs/html escapes only `"` in attributes, so a value holding
 * `&lt;` or `&amp;` reached the browser as a character reference and came back decoded: a reader
 * who typed `&lt;b&gt;` saw `<b>` in the form shown again, and sent that. Escaping `&` as well
 * keeps typed text exactly as typed. (No markup can escape a quoted attribute either way.)
 */
export function attributeText(value: string): string {
  return value.replaceAll('&', '&amp;');
}
