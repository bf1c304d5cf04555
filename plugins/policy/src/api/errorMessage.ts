import { ResponseError } from '@backstage/errors';

/**
 * The server's own explanation of a failed request (`Invalid template
 * check: name: …`) rather than `Request failed with 400`, so the user
 * learns what to fix.
 */
export function errorMessage(error: Error): string {
  return ResponseError.is(error) ? error.cause.message : error.message;
}

/** Whether the server refused the request itself (400, 404) rather than failing. */
export function isRefusal(error: Error): boolean {
  return (
    ResponseError.is(error) &&
    (error.statusCode === 400 || error.statusCode === 404)
  );
}
