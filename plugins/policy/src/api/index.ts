export { policyApiRef } from './policyApiRef';
