import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * `scaffolder-form-field:policy/verdict`: the `PavePolicyVerdict` field,
 * loaded with the Create page rather than with the app.
 */
export const verdictFormField = FormFieldBlueprint.make({
  name: 'verdict',
  params: {
    field: () =>
      import('../components/PolicyVerdictField/formField').then(
        m => m.policyVerdictFormField,
      ),
  },
});
