// Runs a module of src/ through tsx, like the command itself: the threads of `broadsheet import`
// (src/cli/import-threads.ts) and the picture process (src/media/picture-process-client.ts) start
// here when Broadsheet runs from its TypeScript sources. The argument names the module, from src/
// and without its extension.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
await import(new URL(`../src/${process.argv[2]}.ts`, import.meta.url).href);
