/**
 * The exit codes every `pave` command keeps, documented in the README and
 * in `pave --help`, so a CI step can tell a denial from a typo from an
 * outage.
 */
export const EXIT = {
  /** Done; a plan that policies allow. */
  ok: 0,
  /** Denied by a guardrail, refused by a permission, or the work failed. */
  failed: 1,
  /** Bad usage: an unknown flag, a missing argument, input the server refused (400). */
  usage: 2,
  /** Pave is unreachable, or did not accept the credentials (401). */
  unreachable: 3,
} as const;

/** One of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the command with its exit code and says what to do next. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** The next step, printed under the message (`Run pave login …`). */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
