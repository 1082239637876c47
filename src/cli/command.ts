/**
 * One file per subcommand in src/cli/commands/<name>.ts, each exporting `command: CliCommand`.
 * `batsafe <name> ...` loads it by name, so adding a command never edits a shared registry.
 */
export interface CliCommand {
  /** One line for `batsafe --help`. */
  summary: string;
  /** Full usage text for `batsafe <name> --help`. */
  usage: string;
  /** Runs the command; resolves to the process exit code (0 done, 1 run failed, 2 invalid input). */
  run(args: string[]): Promise<number>;
}

/** Exit codes shared by every command (../shared/design.md). */
export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_INVALID_INPUT = 2;
