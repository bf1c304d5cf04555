/**
 * Pave's audit plugin for the portal: the Audit tab on catalog entities and
 * the platform-wide audit page. The components load lazily with their
 * extensions, so they are not exported here.
 *
 * @packageDocumentation
 */
export { auditPlugin, auditPlugin as default } from './plugin';
export { auditApiRef } from './api';
