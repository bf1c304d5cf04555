import {
  PaveClientOptions,
  PaveRequestOptions,
  PluginHttpClient,
} from '@pave/common';
import { parseEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import {
  PolicyExceptionGrant,
  PolicyExceptionList,
  PolicyExceptionRequest,
} from './exceptions';
import { policyEvaluateBodySchema } from './request';
import { WhatIfReport, WhatIfRequest } from './whatIf';
import {
  PolicyEvaluateResponse,
  PolicyInfo,
  PolicyReloadResult,
} from './response';
import {
  EntityComplianceResponse,
  TemplateCheckBody,
  TemplateCheckResponse,
} from './templateCheck';

/**
 * The body of `POST /api/policy/evaluate`.
 *
 * @public
 */
export type PolicyEvaluateBodyInput = z.input<typeof policyEvaluateBodySchema>;

/**
 * The policy plugin (`/api/policy`) as every caller uses it: the portal,
 * the CLI, the scaffolder and other plugins. A denial is an answer (200
 * with `decision: 'deny'`), not an error. Every method rejects with a
 * `ResponseError` from `@backstage/errors` when the server refuses the
 * request itself; `body.error.message` names the field and the rule.
 *
 * @public
 */
export interface PolicyApi {
  /** `POST /evaluate`: the decision on resources for an action. */
  evaluate(
    body: PolicyEvaluateBodyInput,
    options?: PaveRequestOptions,
  ): Promise<PolicyEvaluateResponse>;

  /**
   * `POST /template-check`: the verdict on a template run before anything
   * is created — the service and every cloud resource planned for each
   * environment, with the plans and their cost against the owner's budgets.
   */
  templateCheck(
    body: TemplateCheckBody,
    options?: PaveRequestOptions,
  ): Promise<TemplateCheckResponse>;

  /**
   * `GET /compliance/:kind/:namespace/:name`: the current verdict on a
   * catalog entity and the infrastructure its Resources describe.
   */
  compliance(
    entityRef: string,
    options?: PaveRequestOptions,
  ): Promise<EntityComplianceResponse>;

  /** `GET /policies`: every loaded policy with its message and source. */
  listPolicies(
    options?: PaveRequestOptions,
  ): Promise<{ policies: PolicyInfo[] }>;

  /**
   * `POST /reload` (platform team): loads the policy directory again; a
   * set that does not validate is an answer too (`loaded: false`).
   */
  reload(options?: PaveRequestOptions): Promise<PolicyReloadResult>;

  /** `GET /exceptions?entityRef=`: an entity's exceptions, newest first. */
  listExceptions(
    entityRef: string,
    options?: PaveRequestOptions,
  ): Promise<PolicyExceptionList>;

  /**
   * `POST /exceptions`: records an exception to a soft-mandatory rule. A
   * refusal by the `exception.grant` policies rejects with a 403
   * `ResponseError` whose message names the rules.
   */
  grantException(
    body: PolicyExceptionRequest,
    options?: PaveRequestOptions,
  ): Promise<PolicyExceptionGrant>;

  /**
   * `POST /what-if` (platform team): judges the estate with a draft set
   * and the set in force; a draft that does not load is an answer too.
   */
  whatIf(
    body: WhatIfRequest,
    options?: PaveRequestOptions,
  ): Promise<WhatIfReport | { loaded: false; errors: string[] }>;

  /** `POST /exceptions/:id/revoke`: ends an exception now. */
  revokeException(
    id: string,
    options?: PaveRequestOptions,
  ): Promise<PolicyExceptionGrant>;
}

/**
 * {@link PolicyApi} over HTTP. In the portal, construct it with the
 * `discoveryApi` and the `fetchApi` (which adds the user's token); on a
 * backend use `policyServiceRef` from `@pave/plugin-policy-node`; in the CLI
 * pass the API token per call.
 *
 * @public
 */
export class PolicyClient implements PolicyApi {
  private readonly http: PluginHttpClient;

  constructor(options: PaveClientOptions) {
    this.http = new PluginHttpClient('policy', options);
  }

  evaluate(body: PolicyEvaluateBodyInput, options?: PaveRequestOptions) {
    return this.http.json<PolicyEvaluateResponse>(
      { path: '/evaluate', body },
      options,
    );
  }

  templateCheck(body: TemplateCheckBody, options?: PaveRequestOptions) {
    return this.http.json<TemplateCheckResponse>(
      { path: '/template-check', body },
      options,
    );
  }

  compliance(entityRef: string, options?: PaveRequestOptions) {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    return this.http.json<EntityComplianceResponse>(
      { path: `/compliance/${path}` },
      options,
    );
  }

  listPolicies(options?: PaveRequestOptions) {
    return this.http.json<{ policies: PolicyInfo[] }>(
      { path: '/policies' },
      options,
    );
  }

  reload(options?: PaveRequestOptions) {
    return this.http.json<PolicyReloadResult>(
      { method: 'POST', path: '/reload', answers: [422] },
      options,
    );
  }

  listExceptions(entityRef: string, options?: PaveRequestOptions) {
    return this.http.json<PolicyExceptionList>(
      { path: '/exceptions', query: { entityRef } },
      options,
    );
  }

  grantException(body: PolicyExceptionRequest, options?: PaveRequestOptions) {
    return this.http.json<PolicyExceptionGrant>(
      { path: '/exceptions', body },
      options,
    );
  }

  whatIf(body: WhatIfRequest, options?: PaveRequestOptions) {
    return this.http.json<WhatIfReport | { loaded: false; errors: string[] }>(
      { path: '/what-if', body, answers: [422] },
      options,
    );
  }

  revokeException(id: string, options?: PaveRequestOptions) {
    return this.http.json<PolicyExceptionGrant>(
      {
        method: 'POST',
        path: `/exceptions/${encodeURIComponent(id)}/revoke`,
      },
      options,
    );
  }
}
