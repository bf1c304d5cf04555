/**
 * Pave's environments plugin for the portal: the Environments tab on
 * components. The components load lazily with their extensions.
 *
 * @packageDocumentation
 */
export { environmentsPlugin, environmentsPlugin as default } from './plugin';
export { environmentsApiRef } from './api';
