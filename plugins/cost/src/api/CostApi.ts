import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  CostEstimatePlansRequest,
  CostEstimateWithBudget,
  EntityCostResponse,
  GroupCostResponse,
} from '@pave/plugin-cost-common';

/**
 * The body of `POST /api/cost/estimate`: plans already made
 * (`{ plans, owner? }`), or the `/api/infra/plan` request itself
 * (`InfraRequest` of `@pave/plugin-infra-common`), which the backend plans
 * first.
 *
 * @public
 */
export type CostEstimateBody =
  | CostEstimatePlansRequest
  | Record<string, unknown>;

/**
 * The cost backend (`/api/cost`) as the portal uses it. Amounts are US
 * dollars a month at list prices. Every method rejects with a
 * `ResponseError` from `@backstage/errors` when the server refuses, so
 * callers can show the server's own message (`error.cause.message`).
 *
 * @public
 */
export interface CostApi {
  /**
   * `GET /entities/:ref`: the entity's current estimate with its line
   * items, the estimates recorded before it, billed months against the
   * estimate, and the owning team's budgets. An entity with no estimate yet
   * has no `current` and an empty `history`; a 404 means the entity is not
   * in the catalog or the user may not see it.
   *
   * @param entityRef - `component:default/orders`
   */
  getEntityCost(entityRef: string): Promise<EntityCostResponse>;

  /**
   * `GET /groups/:ref`: a team's budgets and everything it owns, most
   * expensive first, with its billed months.
   *
   * @param groupRef - `group:default/payments`
   */
  getGroupCost(groupRef: string): Promise<GroupCostResponse>;

  /**
   * `POST /estimate`: what the planned infrastructure would cost a month,
   * before anything is created; with an `owner`, held against the team's
   * budgets. `signal` cancels an estimate the caller no longer needs.
   */
  estimate(
    body: CostEstimateBody,
    options?: { signal?: AbortSignal },
  ): Promise<CostEstimateWithBudget>;
}

/**
 * The {@link CostApi}, provided by the cost plugin.
 *
 * @public
 */
export const costApiRef = createApiRef<CostApi>().with({
  id: 'plugin.pave.cost',
  pluginId: 'cost',
});
