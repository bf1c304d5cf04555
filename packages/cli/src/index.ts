import { CommanderError } from 'commander';
import { EXIT } from './lib/exitCodes';
import { createProgram } from './program';

declare const PAVE_CLI_VERSION: string | undefined;

/** The version the build stamped in; the package's own when run from source. */
function version(): string {
  if (typeof PAVE_CLI_VERSION === 'string') {
    return PAVE_CLI_VERSION;
  }
  // eslint-disable-next-line @backstage/no-relative-monorepo-imports
  return require('../package.json').version;
}

/**
 * `pave … | head` closes the pipe early: stop quietly, as other terminal
 * tools do, instead of dying with a stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      process.exit(process.exitCode ?? EXIT.ok);
    }
    throw error;
  });
}

/** Runs `pave` with `argv` (process.argv) and settles process.exitCode. */
export async function main(argv: string[]) {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  const program = createProgram(version());
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with 0; every other parse failure is usage.
      process.exitCode =
        error.exitCode === 0 ||
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version'
          ? EXIT.ok
          : EXIT.usage;
      return;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv).catch(error => {
    process.stderr.write(`pave: ${error?.stack ?? error}\n`);
    process.exitCode = EXIT.failed;
  });
}
