export { EntityAuditContent } from './EntityAuditContent';
