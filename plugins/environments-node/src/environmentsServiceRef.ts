import { ServiceRef } from '@backstage/backend-plugin-api';
import {
  ClientServiceDeps,
  CredentialedApi,
  clientServiceRef,
} from '@pave/backend-common';
import { PluginDiscovery } from '@pave/common';
import {
  EnvironmentsApi,
  EnvironmentsClient,
} from '@pave/plugin-environments-common';

/**
 * The environment orchestrator as another backend plugin or module calls
 * it (the scaffolder's `pave:environment:deploy`): the methods of
 * `EnvironmentsApi`, each taking credentials in place of request options.
 * Pass a request's (or a task initiator's) credentials to act for its
 * user: deploys are decided for the person, by the permission framework
 * and Cedar.
 *
 * @public
 */
export type EnvironmentsService = CredentialedApi<
  Pick<
    EnvironmentsApi,
    'listEnvironments' | 'listDeployments' | 'getDeployment' | 'deploy'
  >
>;

const environments = clientServiceRef({
  id: 'pave.environments.client',
  targetPluginId: 'environments',
  createClient: (discovery: PluginDiscovery) =>
    new EnvironmentsClient({ discoveryApi: discovery }),
  methods: ['listEnvironments', 'listDeployments', 'getDeployment', 'deploy'],
});

/**
 * The {@link EnvironmentsService} of the plugin that depends on it.
 *
 * @public
 */
export const environmentsServiceRef: ServiceRef<
  EnvironmentsService,
  'plugin',
  'singleton'
> = environments.ref;

/**
 * An {@link EnvironmentsService} from an `auth` and a `discovery`: what
 * {@link environmentsServiceRef} provides.
 *
 * @public
 */
export const createEnvironmentsService: (
  deps: ClientServiceDeps,
) => EnvironmentsService = environments.create;
