/**
 * Pave's template upgrades, shared: change requests, bulk runs, their
 * permissions and the one HTTP client of the upgrades plugin.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './UpgradesClient';
