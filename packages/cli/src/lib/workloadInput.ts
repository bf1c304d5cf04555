import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliError, EXIT } from './exitCodes';

/** The flags `pave plan`, `pave policy check` and `pave cost estimate` share. */
export interface WorkloadFlags {
  env?: string;
  template?: string;
  owner?: string;
  system?: string;
  costCenter?: string;
  dataClassification?: string;
  name?: string;
  as?: string;
  /** Judge as a new service even in its own repository. */
  new?: boolean;
}

/** A Score workload with what Pave needs to judge and price it. */
export interface WorkloadInput {
  file: string;
  workload: Record<string, unknown>;
  name: string;
  owner: string;
  system?: string;
  costCenter?: string;
  /** public, internal, confidential or restricted; the server checks it. */
  dataClassification?: string;
  template?: string;
  environments: string[];
  /**
   * The Score file sits in the service's own repository (its
   * catalog-info.yaml declares the component): a change to it, not a new
   * service.
   */
  existing: boolean;
}

/** Adds the shared flags to a command. */
export function workloadOptions(command: Command): Command {
  return command
    .argument('[score-file]', 'the Score workload', 'score.yaml')
    .option(
      '-e, --env <names>',
      'environments, comma-separated (default: those catalog-info.yaml lists)',
    )
    .option(
      '--owner <group>',
      'owning group (default: spec.owner in catalog-info.yaml)',
    )
    .option('--system <name>', 'system (default: spec.system)')
    .option(
      '--cost-center <id>',
      'cost centre, e.g. CC-2100 (default: pave.dev/cost-center, else the group’s)',
    )
    .option(
      '--data-classification <level>',
      'public, internal, confidential or restricted (default: pave.dev/data-classification)',
    )
    .option(
      '--template <name>',
      'golden template judged (default: pave.dev/template)',
    )
    .option('--name <name>', 'service name (default: metadata.name)')
    .option(
      '--new',
      'judge it as a new service, even in a repository whose catalog-info.yaml declares it',
    );
}

function readYaml(file: string): unknown[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `${file}: cannot read it (${code ?? (error as Error).message})`,
      EXIT.usage,
      code === 'ENOENT'
        ? 'Pass the Score file as the first argument: `pave plan path/to/score.yaml`.'
        : undefined,
    );
  }
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) {
    return [];
  }
  return documents.map(document => {
    if (document.errors.length) {
      const [first] = document.errors;
      throw new CliError(
        `${file}: not valid YAML: ${first.message.split('\n')[0]}`,
        EXIT.usage,
      );
    }
    return document.toJS();
  });
}

const asString = (value: unknown) =>
  typeof value === 'string' && value ? value : undefined;

/**
 * The workload and its ownership: the flags first, else what the
 * repository's `catalog-info.yaml` (next to the Score file) says, as the
 * golden templates write it. Only the file is read here; the server
 * validates everything else and names the field it refuses.
 */
export function readWorkloadInput(
  file: string,
  flags: WorkloadFlags,
): WorkloadInput {
  const [workload] = readYaml(file);
  if (!workload || typeof workload !== 'object' || Array.isArray(workload)) {
    throw new CliError(
      `${file}: expected a Score workload (apiVersion: score.dev/v1b1)`,
      EXIT.usage,
    );
  }
  const catalogFile = path.join(path.dirname(file), 'catalog-info.yaml');
  const catalog = fs.existsSync(catalogFile)
    ? (readYaml(catalogFile) as any[])
    : [];
  const component = catalog.find(d => d?.kind === 'Component');
  const annotations = component?.metadata?.annotations ?? {};
  const catalogEnvironments = [
    ...new Set(
      catalog
        .filter(d => d?.kind === 'Resource')
        .map(d => asString(d?.metadata?.annotations?.['pave.dev/environment']))
        .filter((e): e is string => Boolean(e)),
    ),
  ];

  const name =
    flags.name ??
    asString((workload as any).metadata?.name) ??
    asString(component?.metadata?.name);
  if (!name) {
    throw new CliError(
      `--name: required (${file} has no metadata.name)`,
      EXIT.usage,
    );
  }
  const owner = flags.owner ?? asString(component?.spec?.owner);
  if (!owner) {
    throw new CliError(
      '--owner: required (no catalog-info.yaml with spec.owner next to the Score file), e.g. --owner group:default/payments',
      EXIT.usage,
    );
  }
  const environments = flags.env
    ? flags.env
        .split(',')
        .map(e => e.trim())
        .filter(Boolean)
    : catalogEnvironments;
  if (environments.length === 0) {
    throw new CliError(
      '--env: required (catalog-info.yaml lists no environments), e.g. --env dev,prod',
      EXIT.usage,
    );
  }
  const system = flags.system ?? asString(component?.spec?.system);
  const costCenter =
    flags.costCenter ?? asString(annotations['pave.dev/cost-center']);
  const dataClassification =
    flags.dataClassification ??
    asString(annotations['pave.dev/data-classification']);
  const template = flags.template ?? asString(annotations['pave.dev/template']);
  return {
    file,
    workload: workload as Record<string, unknown>,
    name,
    owner,
    environments,
    existing: !flags.new && asString(component?.metadata?.name) === name,
    ...(system ? { system } : {}),
    ...(costCenter ? { costCenter } : {}),
    ...(dataClassification ? { dataClassification } : {}),
    ...(template ? { template } : {}),
  };
}
