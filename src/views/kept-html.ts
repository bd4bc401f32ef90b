/**
 * HTML rendered from a value the read cache keeps (a page of comment threads, an article's related
 * articles), kept beside that value: the cache hands out the same object until the change log names
 * what it shows, then reads a new one, so the HTML is dropped with it. `inputs` are whatever else
 * the HTML was rendered from (the site's settings, an address); a different one renders it again.
 * Each kind of fragment has a store of its own, so two never mistake each other's HTML.
 */
export function keptHtmlStore(): (source: object, inputs: readonly unknown[], render: () => JSX.Element) => string {
  const kept = new WeakMap<object, { readonly inputs: readonly unknown[]; readonly html: string }>();
  return (source, inputs, render) => {
    const found = kept.get(source);
    if (found && found.inputs.length === inputs.length && found.inputs.every((input, i) => input === inputs[i])) return found.html;
    const html = render() as string;
    kept.set(source, { inputs, html });
    return html;
  };
}
