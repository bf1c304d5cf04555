import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { infraServiceRef } from '@pave/plugin-infra-node';
import { goldenTemplatesServiceRef } from '@pave/plugin-upgrades-node';
import {
  goldenTemplateRenderer,
  readGoldenTemplate,
} from './goldenTemplateRenderer';

/**
 * The golden templates in `pave.upgrades.templatesDirectory` (default
 * `../../templates`, relative to where the backend starts: the files the
 * catalog serves), rendered by this module's own actions. Add it to the
 * backend next to the upgrades plugin.
 *
 * @public
 */
export const goldenTemplatesServiceFactory = createServiceFactory({
  service: goldenTemplatesServiceRef,
  deps: {
    config: coreServices.rootConfig,
    infra: infraServiceRef,
    reader: coreServices.urlReader,
    logger: coreServices.logger,
  },
  factory({ config, infra, reader, logger }) {
    const templatesDirectory =
      config.getOptionalString('pave.upgrades.templatesDirectory') ??
      '../../templates';
    return {
      version: async templateRef =>
        (await readGoldenTemplate(templatesDirectory, templateRef)).version,
      render: goldenTemplateRenderer({
        templatesDirectory,
        infra,
        reader,
        integrations: ScmIntegrations.fromConfig(config),
        logger,
      }),
    };
  },
});
