import { ResponseError } from '@backstage/errors';

/**
 * The server's own explanation of a failed call (`plans.0.region: …`)
 * rather than `Request failed with 400`, so the reader learns what to fix.
 * Any other error's message as it is.
 *
 * @public
 */
export function errorMessage(error: Error): string {
  return ResponseError.is(error) ? error.body.error.message : error.message;
}

/**
 * The HTTP status a client call was refused with, or undefined when the
 * error is not a server's answer (the network, a timeout, a bug).
 *
 * @public
 */
export function errorStatus(error: Error): number | undefined {
  return ResponseError.is(error) ? error.statusCode : undefined;
}
