import { ConflictError } from '@backstage/errors';

/**
 * A git command that failed, said without its command line, paths or
 * output, which would reach answers and bulk reports: a rejected push is
 * another upgrade of the same repository that pushed first (409).
 */
export function gitFailure(name: string, args: string[], error: any): Error {
  const stderr = String(error?.stderr ?? '');
  if (
    args[0] === 'push' &&
    /rejected|failed to push|stale info/i.test(stderr)
  ) {
    return new ConflictError(
      `${name} changed while it was being upgraded (another upgrade pushed first); try again`,
    );
  }
  return new Error(
    `git ${args[0]} failed for ${name} (exit ${error?.code ?? '?'})`,
  );
}
