import type { BodyFormat } from '../../domain/shared/model.ts';

/** How to write a body in each format, under the body's label (articles and pages alike). */
export const BODY_HINTS: Readonly<Record<BodyFormat, string>> = {
  markdown: 'Markdown: a blank line between paragraphs, ## for a subheading, [text](address) for a link.',
  html: 'HTML: <p> around a paragraph, <h2> for a subheading, <a href="address"> for a link.',
};

/** Said above an imported body, so that nobody types Markdown into HTML or wonders where a script went. */
export function HtmlBodyNote(): JSX.Element {
  return (
    <p class="notice body-format-note" id="body-format-note">
      This body is HTML, imported from another system; it is sanitized when saved.
    </p>
  );
}
