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

/** A client method's parameters without its trailing request options. */
type WithoutRequestOptions<P extends unknown[]> = P extends [
  ...infer Head,
  (PaveRequestOptions | undefined)?,
]
  ? Head
  : P;

/**
 * A `-common` client's methods as a backend calls them: the same
 * parameters, with {@link ServiceRequestOptions} (credentials) in place of
 * the request options.
 *
 * @public
 */
export type CredentialedApi<Api> = {
  [K in keyof Api]: Api[K] extends (...args: infer P) => infer R
    ? (...args: [...WithoutRequestOptions<P>, ServiceRequestOptions]) => R
    : never;
};

/**
 * Wraps the `methods` of a capability's `-common` client so each call
 * carries a plugin request token for `targetPluginId` on behalf of the
 * credentials it is given: what a capability's service ref in `-node`
 * provides.
 *
 * @public
 */
export function credentialedClient<
  Api extends object,
  K extends keyof Api,
>(options: {
  client: Api;
  auth: AuthService;
  targetPluginId: string;
  methods: readonly K[];
}): CredentialedApi<Pick<Api, K>> {
  const { client, methods } = options;
  const requestOptions = pluginRequestOptions(
    options.auth,
    options.targetPluginId,
  );
  return Object.fromEntries(
    methods.map(method => [
      method,
      async (...args: unknown[]) => {
        const service = args.pop() as ServiceRequestOptions;
        const call = client[method] as unknown as (...a: unknown[]) => unknown;
        return call.call(client, ...args, await requestOptions(service));
      },
    ]),
  ) as unknown as CredentialedApi<Pick<Api, K>>;
}
