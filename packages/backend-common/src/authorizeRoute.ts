import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';

/**
 * Credentials of a signed-in user or of another plugin or the CLI's token.
 *
 * @public
 */
export type CallerCredentials = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

/**
 * Checks a request against one permission and returns who made it.
 *
 * @public
 */
export type RouteAuthorizer = (
  req: Request,
  permission: BasicPermission,
  /** The 403 message: what the caller may not do, and who may. */
  refusal: string,
) => Promise<CallerCredentials>;

/**
 * The check every Pave route starts with: the caller's credentials (no or
 * a bad token → 401, from Backstage's `httpAuth`), then the permission
 * framework's decision on `permission` (anything but ALLOW → 403 with
 * `refusal`). Users and services (other plugins, the CLI's static token)
 * are both accepted; the permission policy tells them apart.
 *
 * @public
 */
export function createRouteAuthorizer(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): RouteAuthorizer {
  const { httpAuth, permissions } = options;
  return async (req, permission, refusal) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(refusal);
    }
    return credentials;
  };
}
