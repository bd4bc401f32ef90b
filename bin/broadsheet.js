#!/usr/bin/env node
// Runs the compiled build in dist/ when it matches the sources (npm install builds it), and the
// TypeScript sources directly through tsx otherwise, so an edit never runs stale code.
import { compiledModule } from './compiled.js';

const compiled = compiledModule('cli/main.js');
if (compiled) await import(compiled);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
