import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  CostEstimateWithBudget,
  EntityCostResponse,
  GroupCostResponse,
} from '@pave/plugin-cost-common';
import { CostApi, CostEstimateBody } from './CostApi';

/**
 * {@link CostApi} over HTTP. Requests go through the `fetchApi`, which adds
 * the user's Backstage token, so the backend shows them only what they may
 * see.
 *
 * @public
 */
export class CostClient implements CostApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getEntityCost(entityRef: string): Promise<EntityCostResponse> {
    // The whole ref is one path segment: `component%3Adefault%2Forders`.
    return this.request(`/entities/${encodeURIComponent(entityRef)}`);
  }

  getGroupCost(groupRef: string): Promise<GroupCostResponse> {
    return this.request(`/groups/${encodeURIComponent(groupRef)}`);
  }

  estimate(
    body: CostEstimateBody,
    options?: { signal?: AbortSignal },
  ): Promise<CostEstimateWithBudget> {
    return this.request('/estimate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: options?.signal,
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('cost');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
