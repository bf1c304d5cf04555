import { errorStatus } from '@pave/common';

/**
 * Whether the server refused the request itself (400, 404): the developer's
 * input is what to fix, rather than the server failing.
 */
export function isRefusal(error: Error): boolean {
  const status = errorStatus(error);
  return status === 400 || status === 404;
}
