/**
 * Pave's template upgrades plugin for the portal: the Template tab on
 * components and the Services tab on templates. The components load
 * lazily with their extensions.
 *
 * @packageDocumentation
 */
export { upgradesPlugin, upgradesPlugin as default } from './plugin';
export { upgradesApiRef } from './api';
