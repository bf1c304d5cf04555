import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  EntityComplianceResponse,
  PolicyInfo,
  TemplateCheckBody,
  TemplateCheckResponse,
} from '@pave/plugin-policy-common';
import { PolicyApi } from './PolicyApi';

/**
 * {@link PolicyApi} over HTTP. Requests go through the `fetchApi`, which
 * adds the user's Backstage token, so the backend judges them as that user.
 *
 * @public
 */
export class PolicyClient implements PolicyApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  templateCheck(
    body: TemplateCheckBody,
    options?: { signal?: AbortSignal },
  ): Promise<TemplateCheckResponse> {
    return this.request('/template-check', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: options?.signal,
    });
  }

  compliance(entityRef: string): Promise<EntityComplianceResponse> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    return this.request(`/compliance/${path}`);
  }

  listPolicies(): Promise<{ policies: PolicyInfo[] }> {
    return this.request('/policies');
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('policy');
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
