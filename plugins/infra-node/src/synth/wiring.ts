import { InputError } from '@backstage/errors';
import {
  Environment,
  OutputSource,
  ScoreResource,
  ScoreSegment,
  WiredField,
  Workload,
  WorkloadCompute,
  checkScoreField,
  placeholdersOf,
  scoreFields,
} from '@pave/plugin-infra-common';
import { OutputResolution, fromValue, unavailable } from './RenderContext';

/** The port of the Service every Pave-rendered workload exposes (see the skeletons' service.yaml). */
const DEFAULT_SERVICE_PORT = 80;

/**
 * Per workload resource, the outputs its placeholders name; renderers ask
 * it whether to create what only a reference needs (a Redis password).
 */
export function referencedOutputs(
  workload: Workload,
): Map<string, Set<string>> {
  const referenced = new Map<string, Set<string>>();
  for (const field of scoreFields(workload)) {
    const checked = checkScoreField(workload, field);
    if ('segments' in checked) {
      for (const { parts } of placeholdersOf(checked.segments)) {
        if (parts[0] === 'resources' && parts[2] !== undefined) {
          const set = referenced.get(parts[1]) ?? new Set<string>();
          set.add(parts[2]);
          referenced.set(parts[1], set);
        }
      }
    }
  }
  return referenced;
}

/** The dependency a `service` resource names: its `id`, else its name. */
export function dependencyName(name: string, resource: ScoreResource): string {
  return resource.id ?? name;
}

/** The host a `dns` resource gives the workload in an environment. */
function dnsHost(service: string, environment: Environment): OutputResolution {
  if (!environment.dnsZone) {
    return unavailable(
      `environment ${environment.name} has no DNS zone: the platform team sets pave.infra.environments.${environment.name}.dnsZone (previews: pave.infra.previewDnsZone)`,
    );
  }
  return fromValue(
    environment.type === 'preview'
      ? `${service}-${environment.name}.${environment.dnsZone}`
      : `${service}.${environment.dnsZone}`,
  );
}

/**
 * Outputs of the resources the platform provides itself (no cloud
 * resource): dependencies, host names, routes, environment configuration.
 * Routes last: their host is usually a dns resource's.
 */
function addPlatformOutputs(
  provided: Map<string, Record<string, OutputResolution>>,
  workload: Workload,
  environment: Environment,
  resolveText: (field: string, value: string) => string,
) {
  const service = workload.metadata.name;
  const entries = Object.entries(workload.resources);
  for (const [name, resource] of entries) {
    if (resource.type === 'service') {
      const dependency = dependencyName(name, resource);
      // Pave deploys each service into a namespace named after it.
      const host = `${dependency}.${dependency}.svc.cluster.local`;
      const port = resource.params.port ?? DEFAULT_SERVICE_PORT;
      provided.set(name, {
        name: fromValue(dependency),
        host: fromValue(host),
        port: fromValue(port),
        url: fromValue(`http://${host}:${port}`),
      });
    } else if (resource.type === 'dns') {
      provided.set(name, { host: dnsHost(service, environment) });
    }
  }
  for (const [name, resource] of entries) {
    if (resource.type === 'route') {
      const host = resolveText(
        `resources.${name}.params.host`,
        resource.params.host,
      );
      provided.set(name, {
        host: fromValue(host),
        path: fromValue(resource.params.path),
        url: fromValue(`https://${host}${resource.params.path}`),
      });
    }
  }
}

/** A wired string: its segments with each placeholder's source. */
export interface ResolvedField extends WiredField {
  kind: ReturnType<typeof scoreFields>[number]['kind'];
  segments: Array<
    | { kind: 'text'; text: string }
    | { kind: 'source'; source: OutputSource; placeholder: string }
  >;
}

/**
 * Resolves every placeholder of a workload in one environment: metadata
 * from the Score file, cloud outputs as the renderers provided them,
 * platform outputs here. An output the environment's cloud does not offer
 * is a 400 naming the environment, the field and what to use instead.
 */
export function wireWorkload(
  workload: Workload,
  environment: Environment,
  cloudOutputs: ReadonlyMap<string, Record<string, OutputResolution>>,
): ResolvedField[] {
  const where = `environment ${environment.name} (${environment.target.cloud})`;
  const provided = new Map(cloudOutputs);

  const resolveSegments = (
    field: { path: string; kind: string },
    segments: ScoreSegment[],
  ): ResolvedField['segments'] =>
    segments.map(segment => {
      if (segment.kind === 'text') {
        return segment;
      }
      const [root, name, output] = segment.parts;
      if (root === 'metadata') {
        let value: unknown = workload.metadata;
        for (const key of segment.parts.slice(1)) {
          value = (value as Record<string, unknown>)[key];
        }
        return {
          kind: 'source',
          placeholder: segment.raw,
          source: {
            from: 'value',
            value: typeof value === 'string' ? value : JSON.stringify(value),
          },
        };
      }
      const resource = workload.resources[name];
      const resolution: OutputResolution | undefined =
        resource.type === 'environment'
          ? { from: 'environment', key: output }
          : provided.get(name)?.[output];
      if (!resolution) {
        throw new Error(
          `${field.path}: ${segment.raw}: the ${environment.target.cloud} renderer did not resolve ${resource.type} output ${output}`,
        );
      }
      if (resolution.from === 'unavailable') {
        throw new InputError(
          `${where}: ${field.path}: ${segment.raw}: ${resource.type} output ${output} is not offered on ${environment.target.cloud}: ${resolution.reason}`,
        );
      }
      if (
        (field.kind === 'file' || field.kind === 'route-host') &&
        resolution.from !== 'value'
      ) {
        throw new InputError(
          `${where}: ${field.path}: ${
            segment.raw
          }: its value exists only once the infrastructure is applied, and ${
            field.kind === 'file'
              ? 'file content is rendered before that; pass it to the container as a variable instead'
              : 'a route host must be known when planning; use a dns resource'
          }`,
        );
      }
      return { kind: 'source', placeholder: segment.raw, source: resolution };
    });

  const resolveText = (path: string, value: string): string => {
    const checked = checkScoreField(workload, {
      path: path.split('.'),
      kind: 'route-host',
      value,
    });
    if ('error' in checked) {
      throw new InputError(`${path}: ${checked.error}`);
    }
    return resolveSegments({ path, kind: 'route-host' }, checked.segments)
      .map(s =>
        s.kind === 'text' ? s.text : (s.source as { value: string }).value,
      )
      .join('');
  };
  addPlatformOutputs(provided, workload, environment, resolveText);

  const wired: ResolvedField[] = [];
  for (const field of scoreFields(workload)) {
    if (field.kind === 'volume') {
      continue;
    }
    const checked = checkScoreField(workload, field);
    const path = field.path.join('.');
    if ('error' in checked) {
      throw new InputError(`${path}: ${checked.error}`);
    }
    const segments = resolveSegments(
      { path, kind: field.kind },
      checked.segments,
    );
    wired.push({
      field: path,
      container: field.container,
      kind: field.kind,
      template: field.value,
      segments,
      references: placeholdersOf(checked.segments).map((p, i) => {
        const source = segments.filter(s => s.kind === 'source')[i] as {
          source: OutputSource;
        };
        return {
          placeholder: p.raw,
          ...(p.parts[0] === 'resources'
            ? { resource: p.parts[1], output: p.parts[2] }
            : {}),
          source: source.source,
        };
      }),
    });
  }
  return wired;
}

/** Strips a resolved field to what travels in a plan. */
export function planWiring(fields: ResolvedField[]): WiredField[] {
  return fields
    .filter(f => f.references.length > 0)
    .map(({ field, container, template, references }) => ({
      field,
      ...(container ? { container } : {}),
      template,
      references,
    }));
}

/** The compute and ports the workload declares. */
export function workloadCompute(workload: Workload): WorkloadCompute {
  return {
    containers: Object.entries(workload.containers).map(([name, c]) => ({
      name,
      requests: { ...c.resources?.requests },
      limits: { ...c.resources?.limits },
    })),
    ports: Object.entries(workload.service?.ports ?? {}).map(([name, p]) => ({
      name,
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: p.protocol ?? 'TCP',
    })),
  };
}

/** The components the workload calls: its `service` resources. */
export function dependsOn(workload: Workload): string[] {
  return Object.entries(workload.resources)
    .filter(([, r]) => r.type === 'service')
    .map(([name, r]) => `component:default/${dependencyName(name, r)}`);
}
