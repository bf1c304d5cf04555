/**
 * What every Pave backend plugin repeats, written once: authorizing a
 * route, and calling another plugin's `-common` client with credentials.
 * Input parsing and the ownership rule are isomorphic and live in
 * `@pave/common`.
 *
 * @packageDocumentation
 */
export { createRouteAuthorizer } from './authorizeRoute';
export type { CallerCredentials, RouteAuthorizer } from './authorizeRoute';
export {
  credentialedClient,
  pluginRequestOptions,
} from './pluginRequestOptions';
export type {
  CredentialedApi,
  ServiceRequestOptions,
} from './pluginRequestOptions';
export { audited } from './audited';
export { ExpiringCache } from './ExpiringCache';
export { clientServiceRef } from './clientServiceRef';
export type { ClientServiceDeps } from './clientServiceRef';
export { hardenedInput, REQUEST_TEXT_LIMITS } from './hardenedInput';
export { RETRY_AFTER_SECONDS, unavailableError } from './unavailable';
