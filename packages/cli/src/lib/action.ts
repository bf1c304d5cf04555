import { Command } from 'commander';
import { toCliError } from './cliError';
import { EXIT, ExitCode } from './exitCodes';
import { Output } from './output';
import { Session, resolveLogin } from './session';

/** What every command's body receives. */
export interface CommandContext {
  out: Output;
  env: Record<string, string | undefined>;
  /** The program's global options (`--url`, `--json`). */
  globals: { url?: string; json?: boolean };
  /** The login's clients; throws "run pave login" when there is none. */
  session(): Session;
}

type Body<A extends unknown[]> = (
  ctx: CommandContext,
  ...args: A
) => Promise<ExitCode | void>;

/**
 * A commander action around a command body: builds its output and
 * session, and turns every failure into a message with what to do next
 * and the documented exit code (`process.exitCode`, so pending output is
 * flushed before the process ends).
 */
export function action<A extends unknown[]>(body: Body<A>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const globals = command.optsWithGlobals() as CommandContext['globals'];
    const out = new Output(Boolean(globals.json));
    let session: Session | undefined;
    const ctx: CommandContext = {
      out,
      env: process.env,
      globals,
      session: () => {
        session ??= new Session(
          resolveLogin(process.env, globals.url),
          process.env,
        );
        return session;
      },
    };
    try {
      process.exitCode =
        (await body(ctx, ...(args.slice(0, -1) as A))) ?? EXIT.ok;
    } catch (error) {
      const failure = toCliError(error, session?.url ?? globals.url);
      out.error(failure.message, failure.hint);
      out.data({
        error: { message: failure.message, exitCode: failure.exitCode },
      });
      process.exitCode = failure.exitCode;
    }
  };
}

/** Examples under a command's `--help`. */
export function examples(command: Command, lines: string[]) {
  return command.addHelpText(
    'after',
    `\nExamples:\n${lines.map(line => `  $ ${line}`).join('\n')}\n`,
  );
}
