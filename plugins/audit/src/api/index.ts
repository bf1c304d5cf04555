export { auditApiRef } from './auditApiRef';
