/**
 * Pave's auditor service: every plugin's audit events are redacted,
 * journaled durably and handed to the audit store, and still logged. Also
 * the rules a permission policy uses to decide `pave.audit.read`.
 *
 * @packageDocumentation
 */
export {
  auditorServiceFactory,
  waitsForDurability,
} from './auditorServiceFactory';
export {
  auditJournalServiceRef,
  auditSpoolDirectory,
} from './journal/auditJournalServiceRef';
export { AuditJournal } from './journal/AuditJournal';
export type {
  AuditJournalOptions,
  AuditJournalStatus,
  AuditSink,
} from './journal/AuditJournal';
export { SpoolFile, SPOOL_FILE_NAME } from './journal/SpoolFile';
export { SpoolLock, SPOOL_LOCK_NAME } from './journal/SpoolLock';
export type { SpoolLockOptions } from './journal/SpoolLock';
export { canonicalJson } from './event/canonicalJson';
export {
  REDACTED,
  DEFAULT_MAX_META_BYTES,
  isSecretKey,
  redactSecrets,
  redactUrlPath,
  sanitizeMeta,
} from './event/redact';
export type { TruncatedMeta } from './event/redact';
export { extractEntityRefs, MAX_ENTITY_REFS } from './event/entityRefs';
export { toAuditEvent } from './event/toAuditEvent';
export type { ToAuditEventOptions } from './event/toAuditEvent';
export {
  auditEntityResourceRef,
  type AuditEntityResource,
  type AuditEntityQuery,
} from './permissions/auditEntityResource';
export {
  isAuditEntityOwner,
  auditEntityPermissionRules,
} from './permissions/rules';
export {
  auditEntityConditions,
  createAuditEntityConditionalDecision,
} from './permissions/conditions';
