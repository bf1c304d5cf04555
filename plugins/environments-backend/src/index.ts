/**
 * Pave's environment orchestrator backend plugin.
 *
 * @packageDocumentation
 */
export { environmentsPlugin as default } from './plugin';
