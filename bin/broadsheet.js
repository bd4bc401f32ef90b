#!/usr/bin/env node
// Runs the compiled build in dist/ when it matches the sources (npm install builds it), and the
// TypeScript sources directly through tsx otherwise, so an edit never runs stale code.
import module from 'node:module';
import { compiledModule } from './compiled.js';

// Node 22.1 and later keep V8's compiled code of the modules between starts (in the system's temp
// directory), which shortens a start; Node 20 has no such cache and compiles each time.
/** @type {{ enableCompileCache?: () => unknown }} */ (module).enableCompileCache?.();

const compiled = compiledModule('cli/main.js');
if (compiled) await import(compiled);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
