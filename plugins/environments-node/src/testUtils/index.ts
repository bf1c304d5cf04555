/**
 * Fixtures for tests of the runtime layer.
 *
 * @packageDocumentation
 */
export { createTinyService, git } from './tinyService';
export { adminQuery } from '../local/servers/postgresServer';
