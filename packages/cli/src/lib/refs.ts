import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CliError, EXIT } from './exitCodes';

function ref(value: string, defaultKind: string, what: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch (error) {
    throw new CliError(
      `${what}: ${JSON.stringify(value)} is not an entity ref (${
        (error as Error).message
      })`,
      EXIT.usage,
    );
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
