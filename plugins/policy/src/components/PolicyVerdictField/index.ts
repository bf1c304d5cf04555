export { PolicyVerdictField } from './PolicyVerdictField';
export { PolicyVerdictFieldSchema } from './schema';
export type { PolicyVerdictFieldProps, PolicyVerdictValue } from './schema';
export { validatePolicyVerdict } from './validation';
export { templateCheckRequest } from './templateCheckRequest';
