// The reading thread of `broadsheet import`, run through tsx like the command itself (see src/cli/import-reader-thread.ts).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/import-worker.ts');
