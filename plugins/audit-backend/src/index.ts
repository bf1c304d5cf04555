/**
 * Pave's audit plugin: the append-only, hash-chained audit store on SQLite
 * or PostgreSQL, and `/api/audit` to query, export and verify it.
 *
 * @packageDocumentation
 */
export { auditPlugin as default } from './plugin';
export { DatabaseAuditStore } from './database/DatabaseAuditStore';
