/**
 * What every Pave package shares, in the browser and on the server: input
 * parsing with field-named errors, the one rule for who owns an entity, and
 * the HTTP base of every capability's client.
 *
 * @packageDocumentation
 */
export { describeIssues, parseInput } from './parseInput';
export {
  COST_CENTER_ANNOTATION,
  entityOwners,
  primaryOwner,
} from './ownership';
export { errorMessage, errorStatus } from './errorMessage';
export { PluginHttpClient, refSegment } from './PluginHttpClient';
export type {
  PaveClientOptions,
  PaveRequestOptions,
  PluginDiscovery,
  PluginFetch,
  PluginRequest,
} from './PluginHttpClient';
export { findFreeTextProblem, freeText, freeTextProblem } from './freeText';
export type { FreeTextRule } from './freeText';
export { entityRefText, parseEntityRefInput } from './entityRefInput';
