import { ResponseError } from '@backstage/errors';
import { errorMessage } from '@pave/common';
import { CliError, EXIT } from './exitCodes';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Any failure as a {@link CliError}: the server's refusal with its own
 * words (`workload.containers: …`) and the exit code of its kind, an
 * unreachable server with the URL that was tried, anything else as it is.
 */
export function toCliError(error: unknown, url?: string): CliError {
  if (error instanceof CliError) {
    return error;
  }
  if (ResponseError.is(error)) {
    const message = errorMessage(error);
    switch (error.statusCode) {
      case 401:
        return new CliError(
          `Pave did not accept your credentials (401): ${message}`,
          EXIT.unreachable,
          'Run `pave login --url URL` (or set PAVE_API_TOKEN) and try again.',
        );
      case 403:
        return new CliError(
          `Not allowed (403): ${message}`,
          EXIT.failed,
          'Ask an owner of the entity or the platform team; `pave whoami` shows who you are signed in as.',
        );
      case 400:
      case 422:
        return new CliError(
          `Refused (${error.statusCode}): ${message}`,
          EXIT.usage,
        );
      case 404:
        return new CliError(`Not found (404): ${message}`, EXIT.failed);
      default:
        return new CliError(
          `Pave answered ${error.statusCode}: ${message}`,
          EXIT.failed,
          error.statusCode >= 500
            ? 'The server failed; try again, and tell the platform team if it persists.'
            : undefined,
        );
    }
  }
  if (error instanceof Error && error.name === 'InputError') {
    return new CliError(`Refused: ${error.message}`, EXIT.usage);
  }
  const code = networkCode(error);
  if (code) {
    return new CliError(
      `Cannot reach Pave${url ? ` at ${url}` : ''} (${code}).`,
      EXIT.unreachable,
      'Check that it is running and the URL is right: `pave login --url URL`.',
    );
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new CliError(
      `Pave${url ? ` at ${url}` : ''} did not answer in time.`,
      EXIT.unreachable,
    );
  }
  return new CliError(
    error instanceof Error ? error.message : String(error),
    EXIT.failed,
  );
}

/** Node's fetch hides the socket error in `cause` (`fetch failed`). */
function networkCode(error: unknown): string | undefined {
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) {
      return e.code;
    }
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return 'fetch failed';
  }
  return undefined;
}
