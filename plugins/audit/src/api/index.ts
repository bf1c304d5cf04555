export { auditApiRef } from './AuditApi';
export type { AuditApi } from './AuditApi';
export { AuditClient } from './AuditClient';
