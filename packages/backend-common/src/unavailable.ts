import { ServiceUnavailableError } from '@backstage/errors';

/** Seconds a client is asked to wait before it retries. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Socket errors of a connection that could not be made or was cut: the
 * database (or a service it depends on) is away, not the request wrong.
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL's SQLSTATEs for "the server is not there right now": class 08
 * (connection exception), admin and crash shutdown, and "cannot connect
 * now" (starting up or shutting down). See
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
function isPostgresUnavailable(code: string): boolean {
  return (
    /^08[0-9A-Z]{3}$/.test(code) ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03'
  );
}

function describe(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') {
    return undefined;
  }
  const { name, code, message } = error as {
    name?: string;
    code?: unknown;
    message?: unknown;
  };
  if (name === 'KnexTimeoutError') {
    return 'no database connection became free in time';
  }
  if (typeof code === 'string') {
    if (CONNECTION_CODES.has(code)) {
      return `a connection Pave needs failed (${code})`;
    }
    if (isPostgresUnavailable(code)) {
      return `the database refused the connection (SQLSTATE ${code})`;
    }
    if (code === 'SQLITE_BUSY') {
      return 'the database is busy (SQLITE_BUSY)';
    }
  }
  // node-postgres's own words for a session the server cut; knex prefixes
  // the query it was running (`ROLLBACK - …`, `select "…" from … - …`).
  if (
    typeof message === 'string' &&
    /^(?:[\s\S]* - )?(?:Connection terminated(?: unexpectedly)?|Client has encountered a connection error and is not queryable)$/.test(
      message,
    )
  ) {
    return 'the database connection was cut';
  }
  return undefined;
}

/**
 * A `ServiceUnavailableError` (503) for an error that means the database or
 * a connection Pave needs is away for now — a restart, a failover, a
 * network cut — and `undefined` for anything else. The message says what
 * to do and keeps hosts, ports and stack traces out of the response (they
 * stay in the log). Checks the error and its `cause`.
 */
export function unavailableError(
  error: unknown,
): ServiceUnavailableError | undefined {
  const reason =
    describe(error) ?? describe((error as { cause?: unknown })?.cause);
  if (!reason) {
    return undefined;
  }
  return new ServiceUnavailableError(
    `Unavailable right now: ${reason}. Retry in ${RETRY_AFTER_SECONDS} seconds; if it keeps failing, tell the platform team.`,
  );
}
