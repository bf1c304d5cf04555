import { parseEntityRefInput } from '@pave/common';
import { CliError, EXIT } from './exitCodes';

/** The server's rule for an entity ref, so a bad one fails before a call. */
function ref(value: string, defaultKind: string, what: string): string {
  try {
    return parseEntityRefInput(value, { field: what, defaultKind });
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
}

/** `orders` → `component:default/orders`; a full ref stays as it is. */
export function componentRef(value: string): string {
  return ref(value, 'component', 'entity');
}

/** An owner as an entity ref: `payments` → `group:default/payments`. */
export function groupRef(value: string): string {
  return ref(value, 'group', 'owner');
}

/** `node-http-service` → `template:default/node-http-service`. */
export function templateRef(value: string): string {
  return ref(value, 'template', 'template');
}
