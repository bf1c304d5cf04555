import {
  LoggerService,
  UrlReaderService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { identifierSchema } from '@pave/plugin-infra-common';
import { InfraService } from '@pave/plugin-infra-node';
import { TemplateRecord, TemplateRenderer } from '@pave/repository-store';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';
import { createInfraSynthAction } from '../actions/infraSynth';

/** The annotation a golden template carries its version in. */
export const TEMPLATE_VERSION_ANNOTATION = 'pave.dev/template-version';

interface Step {
  action: string;
  input?: Record<string, unknown>;
}

/**
 * A golden template's file in `templatesDirectory` and the version it is
 * at (`pave.dev/template-version`). A ref that names no file there is a
 * `NotFoundError`.
 */
export async function readGoldenTemplate(
  templatesDirectory: string,
  templateRef: string,
): Promise<{
  name: string;
  file: string;
  template: any;
  version: string | undefined;
}> {
  const { name } = parseEntityRef(templateRef, {
    defaultKind: 'template',
    defaultNamespace: 'default',
  });
  if (!identifierSchema.safeParse(name).success) {
    throw new InputError(
      `template: ${JSON.stringify(templateRef)} is not a golden template`,
    );
  }
  const file = resolveSafeChildPath(templatesDirectory, `${name}.yaml`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(
        `template: ${templateRef} is not one of the golden templates this backend renders`,
      );
    }
    throw error;
  }
  const template = yaml.parse(text);
  const version =
    template?.metadata?.annotations?.[TEMPLATE_VERSION_ANNOTATION];
  return {
    name,
    file,
    template,
    version: typeof version === 'string' ? version : undefined,
  };
}

/**
 * Renders a golden template exactly as its task does, with the values a
 * repository recorded: each `fetch:template` step (Backstage's own action,
 * so the same templating), then `pave:infra:synth` with the same inputs.
 * Only the template's current version renders: `record.version` must be
 * the version its file says.
 */
export function goldenTemplateRenderer(options: {
  /** Holds `<name>.yaml` and the skeletons its steps name. */
  templatesDirectory: string;
  infra: InfraService;
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  logger: LoggerService;
}): TemplateRenderer {
  const { templatesDirectory, logger } = options;
  const fetchTemplate = createFetchTemplateAction({
    reader: options.reader,
    integrations: options.integrations,
  });
  const synth = createInfraSynthAction({ infra: options.infra });

  return async (directory: string, record: TemplateRecord) => {
    const { name, file, template, version } = await readGoldenTemplate(
      templatesDirectory,
      record.template,
    );
    if (version !== record.version) {
      throw new InputError(
        `version: ${record.template} is at ${
          version ?? 'no version'
        } here; it cannot render ${record.version}`,
      );
    }
    const values = { ...record.values, templateVersion: record.version };
    const steps: Step[] = template.spec?.steps ?? [];
    const scratch = await mkdtemp(join(tmpdir(), 'pave-render-'));
    try {
      const context = (input: Record<string, unknown>) =>
        ({
          input,
          workspacePath: directory,
          logger,
          templateInfo: {
            entityRef: record.template,
            baseUrl: pathToFileURL(file).href,
          },
          output: () => {},
          createTemporaryDirectory: () => mkdtemp(join(scratch, 'step-')),
          checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
          getInitiatorCredentials: async () => {
            throw new Error('a template upgrade renders without credentials');
          },
          task: { id: `upgrade-${name}-${record.version}` },
        } as any);
      for (const step of steps.filter(s => s.action === 'fetch:template')) {
        await fetchTemplate.handler(context({ ...step.input, values }));
      }
      if (steps.some(s => s.action === 'pave:infra:synth')) {
        const v = values as Record<string, unknown>;
        await synth.handler(
          context({
            name: v.name,
            resources: v.resources,
            owner: v.owner,
            costCenter: v.costCenter,
            system: v.system,
            dataClassification: v.dataClassification,
            environments: v.environments,
          }),
        );
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };
}
