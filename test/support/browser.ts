import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { launchChromium, type ChromiumChoice } from './chromium.ts';

/** What the global set-up found: a browser to start, or why there is none. */
export type ProvidedChromium = { readonly choice: ChromiumChoice } | { readonly error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ProvidedChromium;
  }
}

/**
 * Starts the Chromium the global set-up chose (test/support/global-setup.ts). With no browser to be
 * had it throws, so the browser tests fail and say why; they never skip.
 */
export function launchBrowser(): Promise<Browser> {
  const provided = inject('chromium');
  if ('error' in provided) {
    throw new Error(`No Chromium for the browser tests: ${provided.error}`);
  }
  return launchChromium(provided.choice);
}
