import { ResponseError } from '@backstage/errors';

/**
 * The server's own explanation of a failed request (`plans.0.region: …`)
 * rather than `Request failed with 400`, so the user learns what to fix.
 */
export function errorMessage(error: Error): string {
  return ResponseError.is(error) ? error.cause.message : error.message;
}

/** Whether the server answered 404: the entity is unknown or hidden from the user. */
export function isNotFound(error: Error): boolean {
  return ResponseError.is(error) && error.statusCode === 404;
}
