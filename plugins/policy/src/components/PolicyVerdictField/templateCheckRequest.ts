import { TemplateCheckBody } from '@pave/plugin-policy-common';

type WizardResource = NonNullable<TemplateCheckBody['resources']>[number];

/**
 * What the field can ask: the body of a template check, or a sentence
 * saying why it cannot ask yet.
 */
export type TemplateCheckRequest =
  | { body: TemplateCheckBody; incomplete?: undefined }
  | { body?: undefined; incomplete: string };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Maps the whole wizard's form data (`name`, `owner`, `system`,
 * `dataClassification`, `resources`, `environments`) to a template check. Blank values are left
 * out rather than judged; an added but untouched resource row is ignored,
 * a half-filled one holds the check until it is complete. The cost centre
 * is left to the server, which takes it from the owning group, as
 * `pave:policy:check` does.
 */
export function templateCheckRequest(
  template: unknown,
  formData: Record<string, unknown>,
): TemplateCheckRequest {
  const templateName = text(template);
  if (!templateName) {
    return {
      incomplete:
        "The guardrails cannot be checked: this field's ui:options.template is not set. Ask the template's owner to name the template there.",
    };
  }
  const name = text(formData.name);
  const owner = text(formData.owner);
  const system = text(formData.system);
  const dataClassification = text(formData.dataClassification);
  const environments = Array.isArray(formData.environments)
    ? formData.environments.map(text).filter((e): e is string => !!e)
    : [];

  const resources: WizardResource[] = [];
  const unfinished: number[] = [];
  const rows = Array.isArray(formData.resources) ? formData.resources : [];
  rows.forEach((row, index) => {
    const item: Record<string, unknown> =
      typeof row === 'object' && row !== null ? row : {};
    const resourceName = text(item.name);
    const type = text(item.type);
    const size = text(item.size);
    if (!resourceName && !type) {
      return;
    }
    if (!resourceName || !type) {
      unfinished.push(index + 1);
      return;
    }
    // Types and sizes are the server's to check; its 400 names the bad one.
    resources.push({
      name: resourceName,
      type: type as WizardResource['type'],
      ...(size ? { size: size as WizardResource['size'] } : {}),
    });
  });

  const missing = [
    ...(name ? [] : ['name']),
    ...(owner ? [] : ['owner']),
    ...(environments.length ? [] : ['environments']),
    ...(unfinished.length
      ? [`the name and type of resource ${unfinished.join(', ')}`]
      : []),
  ];
  if (!name || !owner || missing.length) {
    return { incomplete: `Fill in ${joinList(missing)} to see the verdict.` };
  }
  return {
    body: {
      template: templateName,
      name,
      owner,
      ...(system ? { system } : {}),
      ...(dataClassification
        ? {
            dataClassification:
              dataClassification as TemplateCheckBody['dataClassification'],
          }
        : {}),
      resources,
      environments,
    },
  };
}

function joinList(items: string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
