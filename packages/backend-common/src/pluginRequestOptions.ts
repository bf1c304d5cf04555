import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { PaveRequestOptions } from '@pave/common';

/**
 * Per-call options of a capability's service ref in `-node`: the
 * credentials the call is made with — a request's own (on behalf of its
 * user) or `auth.getOwnServiceCredentials()` — and a signal.
 *
 * @public
 */
export interface ServiceRequestOptions {
  credentials: BackstageCredentials;
  signal?: AbortSignal;
}

/**
 * Turns {@link ServiceRequestOptions} into a `-common` client's request
 * options: a plugin request token for `targetPluginId` on behalf of the
 * credentials, so the target plugin judges the same principal.
 *
 * @public
 */
export function pluginRequestOptions(
  auth: AuthService,
  targetPluginId: string,
): (options: ServiceRequestOptions) => Promise<PaveRequestOptions> {
  return async ({ credentials, signal }) => {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId,
    });
    return { token, ...(signal ? { signal } : {}) };
  };
}
