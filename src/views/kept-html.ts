/**
 * What is made from a value the read cache keeps (the HTML of a page of comment threads, an
 * article's metadata), kept beside that value: the cache hands out the same object until the change
 * log names what it shows, then reads a new one, so what was made from it is dropped with it.
 * `inputs` are whatever else it was made from (the site's settings, an address); a different one
 * makes it again. Each kind has a store of its own, so two never mistake each other's.
 */
export function keptBeside<T>(): (source: object, inputs: readonly unknown[], make: () => T) => T {
  const kept = new WeakMap<object, { readonly inputs: readonly unknown[]; readonly made: T }>();
  return (source, inputs, make) => {
    const found = kept.get(source);
    if (found && found.inputs.length === inputs.length && found.inputs.every((input, i) => input === inputs[i])) return found.made;
    const made = make();
    kept.set(source, { inputs, made });
    return made;
  };
}

/** HTML kept beside the value it was rendered from (see keptBeside). */
export function keptHtmlStore(): (source: object, inputs: readonly unknown[], render: () => JSX.Element) => string {
  const keep = keptBeside<string>();
  return (source, inputs, render) => keep(source, inputs, () => render() as string);
}
