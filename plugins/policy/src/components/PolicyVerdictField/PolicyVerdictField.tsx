import { useEffect } from 'react';
import { VerdictPanel } from '../VerdictPanel';
import { PolicyVerdictFieldProps, PolicyVerdictValue } from './schema';
import { templateCheckRequest } from './templateCheckRequest';
import { useTemplateCheck } from './useTemplateCheck';

/**
 * The live policy verdict in the Create wizard. The scaffolder's Stepper
 * passes the whole wizard's data, every step so far, as
 * `formContext.formData`; the field checks it as it changes and keeps the
 * decision as its own value, so the review step and the task see it.
 */
export function PolicyVerdictField(props: PolicyVerdictFieldProps) {
  const { formContext, uiSchema, schema, formData, onChange } = props;
  const request = templateCheckRequest(
    uiSchema?.['ui:options']?.template,
    formContext?.formData ?? {},
  );
  const check = useTemplateCheck(request.body);

  // Always a value, never undefined: the scaffolder only runs a field's
  // validation when the form data holds its key.
  const value: PolicyVerdictValue =
    (request.body && check.verdict?.decision) || 'pending';
  useEffect(() => {
    if (formData !== value) {
      onChange(value);
    }
  }, [formData, value, onChange]);

  return (
    <VerdictPanel
      title={schema.title}
      description={schema.description}
      verdict={check.verdict}
      loading={check.loading}
      error={check.error}
      incomplete={request.incomplete}
    />
  );
}
