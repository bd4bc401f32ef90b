import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DomainError, ValidationError } from '../domain/shared/errors.ts';
import { ConfigError } from '../config.ts';

/** A mistake in how a command was called: print the message and the usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Turns a failure into lines a person can act on, and the exit code to leave with. */
export function describeFailure(error: unknown, context = ''): { lines: string[]; exitCode: number } {
  const prefix = context ? `${context}: ` : '';
  if (error instanceof UsageError) return { lines: [`${prefix}${error.message}`, 'Run "broadsheet help" for usage.'], exitCode: 2 };
  if (error instanceof ConfigError) return { lines: [error.message], exitCode: 2 };
  if (error instanceof ValidationError) {
    return {
      lines: [...error.form.map((m) => `${prefix}${m}`), ...Object.entries(error.fields).map(([field, m]) => `${prefix}${field}: ${m}`)],
      exitCode: 1,
    };
  }
  if (error instanceof DomainError) return { lines: [`${prefix}${error.message}`], exitCode: 1 };
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return { lines: [`${prefix}no such file: ${(error as NodeJS.ErrnoException).path ?? ''}`], exitCode: 1 };
  if (code === 'EADDRINUSE') {
    const port = (error as { port?: number }).port;
    return { lines: [`${prefix}port ${port ?? ''} is already in use; stop the other server or set PORT to another port`], exitCode: 1 };
  }
  return { lines: [`${prefix}${error instanceof Error ? (error.stack ?? error.message) : String(error)}`], exitCode: 1 };
}

/** `node:util` parseArgs, with its errors turned into usage errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
