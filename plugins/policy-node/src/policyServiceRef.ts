import {
  AuthService,
  DiscoveryService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  ServiceRequestOptions,
  pluginRequestOptions,
} from '@pave/backend-common';
import {
  EntityComplianceResponse,
  PolicyClient,
  PolicyEvaluateBodyInput,
  PolicyEvaluateResponse,
  TemplateCheckBody,
  TemplateCheckResponse,
} from '@pave/plugin-policy-common';

/**
 * The policy plugin as another backend plugin or module calls it: the
 * `PolicyClient` of `@pave/plugin-policy-common` with credentials. Pass a
 * request's (or a task initiator's) credentials to be judged as that user.
 *
 * @public
 */
export interface PolicyService {
  /** `POST /evaluate`; see `PolicyApi.evaluate`. */
  evaluate(
    body: PolicyEvaluateBodyInput,
    options: ServiceRequestOptions,
  ): Promise<PolicyEvaluateResponse>;
  /** `POST /template-check`; see `PolicyApi.templateCheck`. */
  templateCheck(
    body: TemplateCheckBody,
    options: ServiceRequestOptions,
  ): Promise<TemplateCheckResponse>;
  /** `GET /compliance/…`; see `PolicyApi.compliance`. */
  compliance(
    entityRef: string,
    options: ServiceRequestOptions,
  ): Promise<EntityComplianceResponse>;
}

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
  const client = new PolicyClient({ discoveryApi: deps.discovery });
  const requestOptions = pluginRequestOptions(deps.auth, 'policy');
  return {
    evaluate: async (body, options) =>
      client.evaluate(body, await requestOptions(options)),
    templateCheck: async (body, options) =>
      client.templateCheck(body, await requestOptions(options)),
    compliance: async (entityRef, options) =>
      client.compliance(entityRef, await requestOptions(options)),
  };
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
