/** Writes NAME.br and NAME.gz beside each compressible file in `dir`; returns how many files it compressed. */
export function compressAssets(dir: string): number;
