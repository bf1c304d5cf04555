import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { policyApiRef } from '../../api';
import { errorMessage } from '@pave/common';
import { isRefusal } from '../isRefusal';
import { PolicyVerdictValue } from './schema';
import { templateCheckRequest } from './templateCheckRequest';

/**
 * Blocks Next/Review while the policies deny the run: it checks again
 * rather than trusting the field's value, which may be a moment stale.
 * Fails closed: a check that cannot be made blocks too, saying what to do.
 * The task's `pave:policy:check` step is the real gate; this spares the
 * developer a failed run.
 */
export const validatePolicyVerdict: CustomFieldValidator<
  PolicyVerdictValue,
  { template: string }
> = async (_value, field, { apiHolder, formData, uiSchema }) => {
  const policyApi = apiHolder.get(policyApiRef);
  if (!policyApi) {
    field.addError(
      'The guardrails cannot be checked: the policy plugin is missing from this portal. Ask the platform team to install @pave/plugin-policy.',
    );
    return;
  }
  const request = templateCheckRequest(
    uiSchema?.['ui:options']?.template,
    formData,
  );
  if (!request.body) {
    field.addError(request.incomplete);
    return;
  }

  let verdict;
  try {
    verdict = await policyApi.templateCheck(request.body);
  } catch (error) {
    field.addError(
      isRefusal(error as Error)
        ? `The guardrails cannot be checked: ${errorMessage(error as Error)}`
        : `The guardrails could not be checked (${errorMessage(
            error as Error,
          )}). Nothing can be created until they are: try again in a moment, and ask the platform team if it keeps failing.`,
    );
    return;
  }
  if (verdict.decision === 'allow') {
    return;
  }
  for (const violation of verdict.violations) {
    field.addError(`${violation.message} (${violation.policyId})`);
  }
  for (const failure of verdict.errors) {
    field.addError(
      `${failure.policyId ?? 'A policy'} could not be evaluated for ${
        failure.resource
      }: ${failure.message}`,
    );
  }
  if (!verdict.violations.length && !verdict.errors.length) {
    field.addError('The policies deny this service.');
  }
};
