import type { Config } from '../config.ts';

/** What a command gets: its own arguments, the configuration, and where to print. */
export interface CommandContext {
  readonly args: string[];
  readonly config: Config;
  readonly out: (line: string) => void;
}

export interface Command {
  readonly usage: string;
  readonly summary: string;
  /** Resolves to the exit code; long-running commands resolve when they have started. */
  run(context: CommandContext): Promise<number>;
}
