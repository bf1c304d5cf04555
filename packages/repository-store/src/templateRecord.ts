import { InputError } from '@backstage/errors';
import YAML from 'yaml';

/** The file Pave owns in every generated repository. */
export const TEMPLATE_RECORD_PATH = '.pave/template.yaml';
/** The branch holding the pristine renders, one commit per version. */
export const PRISTINE_BRANCH = 'pave/template';

export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/**
 * What `.pave/template.yaml` records: the template a repository was
 * rendered from, at which version, with which values (the answers as the
 * template's render step received them; never secrets).
 */
export interface TemplateRecord {
  template: string;
  version: string;
  values: Record<string, unknown>;
}

/** Compares two `x.y.z` versions: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return 0;
}

/** Parses `.pave/template.yaml`, naming what is wrong with it. */
export function parseTemplateRecord(text: string): TemplateRecord {
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (error) {
    throw new InputError(
      `${TEMPLATE_RECORD_PATH}: not YAML (${(error as Error).message})`,
    );
  }
  const record = (data ?? {}) as Partial<TemplateRecord>;
  if (typeof record.template !== 'string' || !record.template) {
    throw new InputError(`${TEMPLATE_RECORD_PATH}: template: missing`);
  }
  if (typeof record.version !== 'string' || !SEMVER.test(record.version)) {
    throw new InputError(
      `${TEMPLATE_RECORD_PATH}: version: must be a version such as 1.2.0`,
    );
  }
  if (
    typeof record.values !== 'object' ||
    record.values === null ||
    Array.isArray(record.values)
  ) {
    throw new InputError(`${TEMPLATE_RECORD_PATH}: values: must be a map`);
  }
  return {
    template: record.template,
    version: record.version,
    values: record.values,
  };
}

/** The record as Pave writes it: a header, then plain YAML. */
export function stringifyTemplateRecord(record: TemplateRecord): string {
  return `# Written by Pave: the golden template this repository was rendered\n# from, so the platform can upgrade it. Edit the template, not this file.\n${YAML.stringify(
    record,
  )}`;
}

/**
 * Writes a template's render of `record` into `directory` (empty but for
 * `.git`): the skeletons and the infrastructure, as a task renders them.
 */
export type TemplateRenderer = (
  directory: string,
  record: TemplateRecord,
) => Promise<void>;
