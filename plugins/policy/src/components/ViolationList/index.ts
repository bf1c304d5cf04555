export { ViolationList } from './ViolationList';
export type { Finding } from './ViolationList';
export { groupByField, GENERAL } from './groupByField';
