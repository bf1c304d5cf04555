import { InputError } from '@backstage/errors';
import {
  Container,
  ENVIRONMENT_POLICIES,
  Environment,
  OutputSource,
  Ownership,
  Workload,
} from '@pave/plugin-infra-common';
import yaml from 'yaml';
import { ResolvedField } from '../synth/wiring';

/** What {@link renderManifests} renders. */
export interface ManifestOptions {
  workload: Workload;
  environment: Environment;
  ownership: Ownership;
}

type EnvVar = { name: string; value?: string; valueFrom?: object };

/** Kubernetes expands `$(VAR)` in env values, command and args; `$$(` is a literal `$(`. */
const escapeKubernetes = (text: string) => text.replace(/\$\(/g, '$$$$(');

/** The ConfigMap (Terraform outputs) and Secret (credentials) the pipeline fills per environment. */
export const resourcesConfigName = (service: string) => `${service}-resources`;
/** The environment's own configuration (`environment` resources). */
export const environmentConfigName = (service: string) =>
  `${service}-environment`;

function valueFrom(service: string, source: OutputSource): object | undefined {
  switch (source.from) {
    case 'terraform':
      return {
        configMapKeyRef: {
          name: resourcesConfigName(service),
          key: source.output,
        },
      };
    case 'secret':
      return {
        secretKeyRef: { name: resourcesConfigName(service), key: source.key },
      };
    case 'environment':
      return {
        configMapKeyRef: {
          name: environmentConfigName(service),
          key: source.key,
        },
      };
    default:
      return undefined;
  }
}

/** A name for the variable that carries one placeholder's value into `$(…)`. */
function carrierName(placeholder: string): string {
  return `PAVE_${placeholder
    .slice(2, -1)
    .replace(/^resources\./, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()}`;
}

/**
 * One container's env, command and args. A string that is exactly one
 * apply-time placeholder becomes a `valueFrom` reference; a string mixing
 * text and such placeholders gets each value through a carrier variable
 * (`PAVE_DB_PASSWORD` from the Secret) and composes them with Kubernetes'
 * own `$(VAR)` expansion. No value that is not known when planning — above
 * all no secret — is ever written.
 */
function containerStrings(
  service: string,
  name: string,
  fields: ResolvedField[],
) {
  const carriers = new Map<string, EnvVar>();
  const compose = (field: ResolvedField) =>
    field.segments
      .map(s => {
        if (s.kind === 'text') {
          return escapeKubernetes(s.text);
        }
        if (s.source.from === 'value') {
          return escapeKubernetes(s.source.value);
        }
        const carrier = carrierName(s.placeholder);
        carriers.set(carrier, {
          name: carrier,
          valueFrom: valueFrom(service, s.source),
        });
        return `$(${carrier})`;
      })
      .join('');
  const env: EnvVar[] = [];
  const command: string[] = [];
  const args: string[] = [];
  for (const field of fields.filter(f => f.container === name)) {
    if (field.kind === 'variable') {
      const variable = field.field.slice(
        `containers.${name}.variables.`.length,
      );
      const [only] = field.segments;
      const direct =
        field.segments.length === 1 && only.kind === 'source'
          ? valueFrom(service, only.source)
          : undefined;
      env.push(
        direct
          ? { name: variable, valueFrom: direct }
          : { name: variable, value: compose(field) },
      );
    } else if (field.kind === 'command') {
      command.push(compose(field));
    } else if (field.kind === 'args') {
      args.push(compose(field));
    }
  }
  // Carriers first: `$(VAR)` only sees variables defined before it.
  return { env: [...carriers.values(), ...env], command, args };
}

/** Text content with its placeholders resolved (only plan-time values reach files). */
function fileText(field: ResolvedField): string {
  return field.segments
    .map(s =>
      s.kind === 'text' ? s.text : (s.source as { value: string }).value,
    )
    .join('');
}

function probe(p: NonNullable<Container['livenessProbe']>) {
  if (p.httpGet) {
    const { path, port, scheme, host, httpHeaders } = p.httpGet;
    return {
      httpGet: {
        path,
        port,
        ...(scheme ? { scheme } : {}),
        ...(host ? { host } : {}),
        ...(httpHeaders ? { httpHeaders } : {}),
      },
    };
  }
  return { exec: { command: p.exec!.command } };
}

/** A ConfigMap key for a file path: `/etc/app/config.yaml` → `etc-app-config.yaml`. */
const fileKey = (target: string) =>
  target.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '-');

/**
 * The workload's Kubernetes objects in one environment, from its Score
 * file: a Deployment (containers, resolved variables, probes, requests and
 * limits, files and volumes), a Service for `service.ports`, a ConfigMap
 * for file content and an Ingress per route. Resource values come from the
 * ConfigMap and Secret `<service>-resources`, which the pipeline fills from
 * `infra/<environment>` after `terraform apply`.
 */
export function renderManifests(
  options: ManifestOptions,
  fields: ResolvedField[],
): string {
  const { workload, environment, ownership } = options;
  const service = workload.metadata.name;
  const labels = {
    'app.kubernetes.io/name': service,
    'app.kubernetes.io/managed-by': 'pave',
    'pave.dev/environment': environment.name,
    'pave.dev/owner': ownership.owner.split('/')[1],
  };
  const selector = { 'app.kubernetes.io/name': service };
  const metadata = (name: string) => ({ name, namespace: service, labels });
  const documents: object[] = [];

  const fileData: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const volumes: object[] = [];
  const containers = Object.entries(workload.containers).map(([name, c]) => {
    const { env, command, args } = containerStrings(service, name, fields);
    const mounts: object[] = [];
    for (const [target, file] of Object.entries(c.files ?? {})) {
      const key = `${name}-${fileKey(target)}`;
      if (file.binaryContent !== undefined) {
        binaryData[key] = file.binaryContent;
      } else {
        const field = fields.find(
          f => f.field === `containers.${name}.files.${target}.content`,
        );
        fileData[key] = field ? fileText(field) : file.content ?? '';
      }
      mounts.push({
        name: 'files',
        mountPath: target,
        subPath: key,
        readOnly: true,
      });
    }
    for (const [target, mount] of Object.entries(c.volumes ?? {})) {
      const volume = mount.source.slice('${resources.'.length, -1);
      if (!volumes.some(v => (v as { name: string }).name === volume)) {
        const sizeLimit = (
          workload.resources[volume] as { params?: { sizeLimit?: string } }
        ).params?.sizeLimit;
        volumes.push({
          name: volume,
          emptyDir: sizeLimit ? { sizeLimit } : {},
        });
      }
      mounts.push({
        name: volume,
        mountPath: target,
        ...(mount.path ? { subPath: mount.path } : {}),
        ...(mount.readOnly ? { readOnly: true } : {}),
      });
    }
    const ports = Object.entries(workload.service?.ports ?? {}).map(
      ([portName, p]) => ({
        name: portName,
        containerPort: p.targetPort ?? p.port,
        protocol: p.protocol ?? 'TCP',
      }),
    );
    return {
      name,
      // `image: .` is the image built from the service's repository.
      image: c.image === '.' ? service : c.image,
      ...(command.length ? { command } : {}),
      ...(args.length ? { args } : {}),
      ...(env.length ? { env } : {}),
      ...(name === Object.keys(workload.containers)[0] && ports.length
        ? { ports }
        : {}),
      ...(c.resources ? { resources: c.resources } : {}),
      ...(c.livenessProbe ? { livenessProbe: probe(c.livenessProbe) } : {}),
      ...(c.readinessProbe ? { readinessProbe: probe(c.readinessProbe) } : {}),
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      },
      ...(mounts.length ? { volumeMounts: mounts } : {}),
    };
  });
  if (Object.keys(fileData).length || Object.keys(binaryData).length) {
    volumes.push({ name: 'files', configMap: { name: `${service}-files` } });
    documents.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(`${service}-files`),
      ...(Object.keys(fileData).length ? { data: fileData } : {}),
      ...(Object.keys(binaryData).length ? { binaryData } : {}),
    });
  }
  documents.unshift({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(service),
    spec: {
      // Two replicas where the environment runs highly available resources.
      replicas: ENVIRONMENT_POLICIES[environment.type].replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          containers,
          ...(volumes.length ? { volumes } : {}),
        },
      },
    },
  });

  const ports = Object.entries(workload.service?.ports ?? {});
  if (ports.length) {
    documents.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(service),
      spec: {
        selector,
        ports: ports.map(([name, p]) => ({
          name,
          port: p.port,
          targetPort: p.targetPort ?? p.port,
          protocol: p.protocol ?? 'TCP',
        })),
      },
    });
  }

  for (const [name, resource] of Object.entries(workload.resources)) {
    if (resource.type !== 'route') {
      continue;
    }
    const host = fields.find(f => f.field === `resources.${name}.params.host`);
    const hostName = host ? fileText(host) : resource.params.host;
    if (!/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(hostName)) {
      throw new InputError(
        `resources.${name}.params.host: ${JSON.stringify(
          hostName,
        )} is not a host name`,
      );
    }
    documents.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: metadata(`${service}-${name}`),
      spec: {
        tls: [{ hosts: [hostName], secretName: `${service}-${name}-tls` }],
        rules: [
          {
            host: hostName,
            http: {
              paths: [
                {
                  path: resource.params.path,
                  pathType: 'Prefix',
                  backend: {
                    service: {
                      name: service,
                      port: { number: resource.params.port },
                    },
                  },
                },
              ],
            },
          },
        ],
      },
    });
  }

  const header = `# ${service} in ${
    environment.name
  }: rendered by Pave from score.yaml. Do not edit.\n# Values of cloud resources come from the ConfigMap and Secret ${resourcesConfigName(
    service,
  )}, filled by the pipeline from infra/${
    environment.name
  } after terraform apply.\n`;
  return (
    header +
    documents.map(d => yaml.stringify(d, { lineWidth: 0 })).join('---\n')
  );
}
