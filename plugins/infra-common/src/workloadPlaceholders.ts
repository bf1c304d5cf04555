import type { z } from 'zod';
import { FREE_FORM_OUTPUTS, RESOURCE_OUTPUTS } from './resourceOutputs';
import { ScoreSegment, parseScoreTemplate, placeholdersOf } from './score';

/** What {@link scoreFields} reads of a workload (parsed or not yet refined). */
interface WorkloadShape {
  metadata: Record<string, unknown>;
  containers: Record<
    string,
    {
      command?: string[];
      args?: string[];
      variables?: Record<string, string>;
      files?: Record<string, { content?: string; noExpand?: boolean }>;
      volumes?: Record<string, { source: string }>;
    }
  >;
  resources: Record<string, { type: string; params?: object }>;
  service?: { ports?: Record<string, { port: number }> };
}

/** Where a string that may hold placeholders sits in a workload. */
export type ScoreFieldKind =
  | 'variable'
  | 'command'
  | 'args'
  | 'file'
  | 'volume'
  | 'route-host';

/**
 * One string of a workload that Score substitutes, with its path
 * (`containers.web.variables.DB_HOST`).
 *
 * @public
 */
export interface ScoreField {
  path: (string | number)[];
  kind: ScoreFieldKind;
  container?: string;
  value: string;
}

/**
 * Every string of a workload Score substitutes placeholders in, in a
 * stable order: per container its command, args, variables, files and
 * volumes; then each route's host.
 *
 * @public
 */
export function scoreFields(workload: WorkloadShape): ScoreField[] {
  const fields: ScoreField[] = [];
  for (const [name, c] of Object.entries(workload.containers)) {
    const at = (
      kind: ScoreFieldKind,
      path: (string | number)[],
      value: string,
    ) =>
      fields.push({
        path: ['containers', name, ...path],
        kind,
        container: name,
        value,
      });
    c.command?.forEach((v, i) => at('command', ['command', i], v));
    c.args?.forEach((v, i) => at('args', ['args', i], v));
    for (const [key, v] of Object.entries(c.variables ?? {})) {
      at('variable', ['variables', key], v);
    }
    for (const [target, file] of Object.entries(c.files ?? {})) {
      if (file.content !== undefined && !file.noExpand) {
        at('file', ['files', target, 'content'], file.content);
      }
    }
    for (const [target, volume] of Object.entries(c.volumes ?? {})) {
      at('volume', ['volumes', target, 'source'], volume.source);
    }
  }
  for (const [name, r] of Object.entries(workload.resources)) {
    const host = (r.params as { host?: unknown } | undefined)?.host;
    if (r.type === 'route' && typeof host === 'string') {
      fields.push({
        path: ['resources', name, 'params', 'host'],
        kind: 'route-host',
        value: host,
      });
    }
  }
  return fields;
}

const ENVIRONMENT_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,252}$/;

function list(names: string[]): string {
  return names.length ? names.join(', ') : 'none';
}

/** Why a placeholder cannot be resolved in a field, if it cannot. */
function referenceError(
  workload: WorkloadShape,
  field: ScoreField,
  parts: string[],
): string | undefined {
  if (parts[0] === 'metadata') {
    let value: unknown = workload.metadata;
    for (const key of parts.slice(1)) {
      value =
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    return value === undefined
      ? `metadata has no ${parts.slice(1).join('.')}`
      : undefined;
  }
  const [, name, output, ...rest] = parts;
  const resource = workload.resources[name];
  if (!resource) {
    return `no resource named ${name}; the workload's resources are ${list(
      Object.keys(workload.resources),
    )}`;
  }
  if (field.kind === 'volume' || resource.type === 'volume') {
    if (field.kind !== 'volume' || resource.type !== 'volume') {
      return field.kind === 'volume'
        ? `${name} is a ${resource.type} resource; a volume's source names a volume resource`
        : `volume ${name} has no outputs; mount it with volumes.<path>.source: \${resources.${name}}`;
    }
    return output === undefined
      ? undefined
      : `a volume's source names the resource itself: \${resources.${name}}`;
  }
  const outputs =
    RESOURCE_OUTPUTS[resource.type as keyof typeof RESOURCE_OUTPUTS];
  const known = Object.keys(outputs ?? {});
  if (output === undefined) {
    return `names the whole resource ${name}; name one of its outputs: ${list(
      known,
    )}`;
  }
  if (rest.length > 0) {
    return `outputs are not nested: name one of ${name}'s outputs (${list(
      known,
    )})`;
  }
  if (FREE_FORM_OUTPUTS.has(resource.type)) {
    return ENVIRONMENT_KEY.test(output)
      ? undefined
      : `${output} is not a configuration key (letters, digits, _ . -)`;
  }
  if (!known.includes(output)) {
    return `the ${
      resource.type
    } resource ${name} has no output ${output}; its outputs are ${list(known)}`;
  }
  return undefined;
}

/**
 * Parses one Score string and checks every placeholder against the
 * workload; the first problem, if any.
 *
 * @public
 */
export function checkScoreField(
  workload: WorkloadShape,
  field: ScoreField,
): { segments: ScoreSegment[] } | { error: string } {
  const parsed = parseScoreTemplate(field.value);
  if (!parsed.ok) {
    return { error: parsed.error };
  }
  const placeholders = placeholdersOf(parsed.segments);
  if (
    field.kind === 'volume' &&
    (parsed.segments.length !== 1 || placeholders.length !== 1)
  ) {
    return {
      error: 'must be a volume resource, written ${resources.<name>}',
    };
  }
  for (const placeholder of placeholders) {
    const error = referenceError(workload, field, placeholder.parts);
    if (error) {
      return { error: `${placeholder.raw}: ${error}` };
    }
  }
  return { segments: parsed.segments };
}

/**
 * The workload schema's cross-field check: every placeholder parses and
 * names something that exists, and every route sends traffic to a port
 * the workload declares. Errors name the field and the placeholder.
 *
 * @public
 */
export function checkWorkloadPlaceholders(
  workload: WorkloadShape,
  ctx: z.RefinementCtx,
) {
  for (const field of scoreFields(workload)) {
    const checked = checkScoreField(workload, field);
    if ('error' in checked) {
      ctx.addIssue({
        code: 'custom',
        path: field.path,
        message: checked.error,
      });
    }
  }
  const ports = Object.values(workload.service?.ports ?? {}).map(p => p.port);
  for (const [name, r] of Object.entries(workload.resources)) {
    const port = (r.params as { port?: number } | undefined)?.port;
    if (r.type === 'route' && port !== undefined && !ports.includes(port)) {
      ctx.addIssue({
        code: 'custom',
        path: ['resources', name, 'params', 'port'],
        message: ports.length
          ? `${port} is not one of the workload's service ports (${ports.join(
              ', ',
            )})`
          : `${port} is not a service port: declare it under service.ports`,
      });
    }
  }
}
