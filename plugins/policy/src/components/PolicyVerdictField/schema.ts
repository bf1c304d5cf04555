import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * `PavePolicyVerdict`: its value is the verdict on the run the wizard
 * describes, `pending` until one is in; `ui:options.template` names the
 * template, whose tags the policies judge.
 */
export const PolicyVerdictFieldSchema = makeFieldSchema({
  output: z =>
    z
      .enum(['allow', 'deny', 'pending'])
      .describe('The policy decision, or pending until the check answers'),
  uiOptions: z =>
    z.object({
      template: z
        .string()
        .describe('The template being run, by name or ref (node-http-service)'),
    }),
});

/** The field's value. */
export type PolicyVerdictValue = typeof PolicyVerdictFieldSchema.TOutput;

/** The props the scaffolder hands the field. */
export type PolicyVerdictFieldProps = typeof PolicyVerdictFieldSchema.TProps;
