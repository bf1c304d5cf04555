/**
 * Pave's template upgrades: services created from an older version of a
 * golden template get the current one by a three-way merge, as a branch
 * to review.
 *
 * @packageDocumentation
 */
export { upgradesPlugin as default } from './plugin';
