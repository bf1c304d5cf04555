import {
  AuthService,
  DiscoveryService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { CredentialedApi, credentialedClient } from '@pave/backend-common';
import { PolicyApi, PolicyClient } from '@pave/plugin-policy-common';

/**
 * The policy plugin as another backend plugin or module calls it: the
 * methods of `PolicyApi` (`@pave/plugin-policy-common`), each taking
 * credentials in place of request options. Pass a request's (or a task
 * initiator's) credentials to be judged as that user.
 *
 * @public
 */
export type PolicyService = CredentialedApi<
  Pick<PolicyApi, 'evaluate' | 'templateCheck' | 'compliance'>
>;

/**
 * A {@link PolicyService} calling the policy plugin found by `discovery`
 * with tokens from `auth`: what {@link policyServiceRef} provides.
 *
 * @public
 */
export function createPolicyService(deps: {
  auth: AuthService;
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
}): PolicyService {
  return credentialedClient({
    client: new PolicyClient({ discoveryApi: deps.discovery }),
    auth: deps.auth,
    targetPluginId: 'policy',
    methods: ['evaluate', 'templateCheck', 'compliance'],
  });
}

/**
 * The {@link PolicyService} of the plugin that depends on it.
 *
 * @public
 */
export const policyServiceRef = createServiceRef<PolicyService>({
  id: 'pave.policy.client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      factory: createPolicyService,
    }),
});
