// A thread of `broadsheet import`, run through tsx like the command itself (see src/cli/import-threads.ts).
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
await import(new URL(`../src/cli/${process.argv[2]}.ts`, import.meta.url).href);
