import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { infraServiceRef } from '@pave/plugin-infra-node';
import { createCatalogRegisterAction } from './actions/catalogRegister';
import { createCostEstimateAction } from './actions/costEstimate';
import { createInfraSynthAction } from './actions/infraSynth';
import { createPolicyCheckAction } from './actions/policyCheck';
import { createPublishAction, publishProvider } from './actions/publish';
import { RepositoryStore } from './repositories/RepositoryStore';
import { repositoryBaseUrl } from './repositories/RepositoryUrlReader';

/**
 * Registers Pave's scaffolder actions.
 *
 * @public
 */
export const scaffolderModulePave = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'pave',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        infra: infraServiceRef,
        scaffolder: scaffolderActionsExtensionPoint,
      },
      async init({ config, discovery, auth, catalog, infra, scaffolder }) {
        const store = RepositoryStore.fromConfig(config);
        const publish = publishProvider(config);
        let github;
        if (publish.provider === 'github') {
          if (!publish.githubOwner) {
            throw new Error(
              'pave.publish.github.owner is required when pave.publish.provider is github',
            );
          }
          const integrations = ScmIntegrations.fromConfig(config);
          github = {
            owner: publish.githubOwner,
            host: publish.githubHost,
            action: createPublishGithubAction({
              integrations,
              config,
              githubCredentialsProvider:
                DefaultGithubCredentialsProvider.fromIntegrations(integrations),
            }),
          };
        }
        scaffolder.addActions(
          createPolicyCheckAction({ discovery, auth }),
          createInfraSynthAction({ infra }),
          createPublishAction({
            store,
            baseUrl: repositoryBaseUrl(config),
            github,
          }),
          createCatalogRegisterAction({ catalog, auth, store }),
          createCostEstimateAction({ discovery, auth }),
        );
      },
    });
  },
});
