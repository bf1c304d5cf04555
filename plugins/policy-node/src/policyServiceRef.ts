import { ServiceRef } from '@backstage/backend-plugin-api';
import {
  ClientServiceDeps,
  CredentialedApi,
  clientServiceRef,
} from '@pave/backend-common';
import { PluginDiscovery } from '@pave/common';
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

const policy = clientServiceRef({
  id: 'pave.policy.client',
  targetPluginId: 'policy',
  createClient: (discovery: PluginDiscovery) =>
    new PolicyClient({ discoveryApi: discovery }),
  methods: ['evaluate', 'templateCheck', 'compliance'],
});

/**
 * The {@link PolicyService} of the plugin that depends on it.
 *
 * @public
 */
export const policyServiceRef: ServiceRef<
  PolicyService,
  'plugin',
  'singleton'
> = policy.ref;

/**
 * A {@link PolicyService} calling the policy plugin found by `discovery`
 * with tokens from `auth`: what {@link policyServiceRef} provides.
 *
 * @public
 */
export const createPolicyService: (deps: ClientServiceDeps) => PolicyService =
  policy.create;
