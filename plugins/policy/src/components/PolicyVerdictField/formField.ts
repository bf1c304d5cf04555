import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PolicyVerdictField } from './PolicyVerdictField';
import { PolicyVerdictFieldSchema } from './schema';
import { validatePolicyVerdict } from './validation';

/** `ui:field: PavePolicyVerdict`, loaded when the Create page opens. */
export const policyVerdictFormField = createFormField({
  name: 'PavePolicyVerdict',
  component: PolicyVerdictField,
  validation: validatePolicyVerdict,
  schema: PolicyVerdictFieldSchema,
});
