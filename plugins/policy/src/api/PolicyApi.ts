import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  EntityComplianceResponse,
  PolicyInfo,
  TemplateCheckBody,
  TemplateCheckResponse,
} from '@pave/plugin-policy-common';

/**
 * The policy backend (`/api/policy`) as the portal uses it. Every method
 * rejects with a `ResponseError` from `@backstage/errors` when the server
 * refuses, so callers can show the server's own message
 * (`error.cause.message`).
 *
 * @public
 */
export interface PolicyApi {
  /**
   * `POST /template-check`: the verdict on a template run before anything is
   * created — the service and every cloud resource planned for each
   * environment. `signal` cancels a check the caller no longer needs.
   */
  templateCheck(
    body: TemplateCheckBody,
    options?: { signal?: AbortSignal },
  ): Promise<TemplateCheckResponse>;

  /**
   * `GET /compliance/:kind/:namespace/:name`: the current verdict on a
   * catalog entity and the infrastructure its Resources describe.
   *
   * @param entityRef - `component:default/payments-gateway`
   */
  compliance(entityRef: string): Promise<EntityComplianceResponse>;

  /** `GET /policies`: every loaded policy with its message and source. */
  listPolicies(): Promise<{ policies: PolicyInfo[] }>;
}

/**
 * The {@link PolicyApi}, provided by the policy plugin.
 *
 * @public
 */
export const policyApiRef = createApiRef<PolicyApi>().with({
  id: 'plugin.pave.policy',
  pluginId: 'policy',
});
