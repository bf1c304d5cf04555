import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { costServiceRef } from '@pave/plugin-cost-node';
import { environmentsServiceRef } from '@pave/plugin-environments-node';
import { infraServiceRef } from '@pave/plugin-infra-node';
import { policyServiceRef } from '@pave/plugin-policy-node';
import { RepositoryStore, repositoryBaseUrl } from '@pave/repository-store';
import { createCatalogRegisterAction } from './actions/catalogRegister';
import { createCostEstimateAction } from './actions/costEstimate';
import { createEnvironmentDeployAction } from './actions/environmentDeploy';
import { createInfraSynthAction } from './actions/infraSynth';
import { createPolicyCheckAction } from './actions/policyCheck';
import { createPublishAction, githubPublisher } from './actions/publish';

/**
 * Registers Pave's scaffolder actions. Policy, infra and cost come from
 * their service refs, so the actions plan, judge and price exactly as the
 * portal and the CLI do.
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
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        infra: infraServiceRef,
        policy: policyServiceRef,
        cost: costServiceRef,
        environments: environmentsServiceRef,
        scaffolder: scaffolderActionsExtensionPoint,
      },
      async init({
        config,
        auth,
        catalog,
        infra,
        policy,
        cost,
        environments,
        scaffolder,
      }) {
        const store = RepositoryStore.fromConfig(config);
        scaffolder.addActions(
          createPolicyCheckAction({ policy }),
          createInfraSynthAction({ infra }),
          createPublishAction({
            store,
            baseUrl: repositoryBaseUrl(config),
            github: githubPublisher(config),
          }),
          createCatalogRegisterAction({ catalog, auth, store }),
          createCostEstimateAction({ cost, auth }),
          createEnvironmentDeployAction({ environments }),
        );
      },
    });
  },
});
