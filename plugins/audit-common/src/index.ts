/**
 * Pave's audit trail: event, query and verification types, the query
 * schema and the read permissions, shared by the backend, the portal and
 * the CLI.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './entityRef';
export * from './query';
export * from './permissions';
export * from './AuditClient';
