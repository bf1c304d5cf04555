import { InputError } from '@backstage/errors';
import {
  Workload,
  checkScoreField,
  scoreFields,
} from '@pave/plugin-infra-common';

/**
 * The container the local target runs: the one built from the repository
 * (`image: .`), else the first. Locally a service runs as its repository's
 * own `start` script, so only that container's variables apply.
 */
export function localContainer(workload: Workload): string {
  const names = Object.keys(workload.containers);
  return (
    names.find(name => workload.containers[name].image === '.') ?? names[0]
  );
}

/**
 * The container's variables with every Score placeholder replaced by its
 * real value on the local target: metadata from the Score file, resource
 * outputs from what was provisioned (`outputs[resource][output]`). These
 * values, secrets included, go to the service's process only.
 */
export function resolveLocalVariables(
  workload: Workload,
  outputs: Record<string, Record<string, string>>,
): Record<string, string> {
  const container = localContainer(workload);
  const variables: Record<string, string> = {};
  for (const field of scoreFields(workload)) {
    if (field.kind !== 'variable' || field.container !== container) {
      continue;
    }
    const path = field.path.join('.');
    const checked = checkScoreField(workload, field);
    if ('error' in checked) {
      throw new InputError(`${path}: ${checked.error}`);
    }
    variables[String(field.path[field.path.length - 1])] = checked.segments
      .map(segment => {
        if (segment.kind === 'text') {
          return segment.text;
        }
        const [root, name, output] = segment.parts;
        if (root === 'metadata') {
          let value: unknown = workload.metadata;
          for (const key of segment.parts.slice(1)) {
            value = (value as Record<string, unknown>)[key];
          }
          return typeof value === 'string' ? value : JSON.stringify(value);
        }
        const value = outputs[name]?.[output];
        if (value === undefined) {
          throw new InputError(
            `${path}: ${segment.raw}: ${workload.resources[name].type} output ${output} is not offered on the local target`,
          );
        }
        return value;
      })
      .join('');
  }
  return variables;
}
