import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  AuditEventsPage,
  AuditEventsQueryInput,
  AuditVerifyResult,
} from '@pave/plugin-audit-common';
import { AuditApi } from './AuditApi';

/**
 * {@link AuditApi} over HTTP, as the signed-in user (the `fetchApi` adds
 * their token), so the backend shows them only what they may read.
 *
 * @public
 */
export class AuditClient implements AuditApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  listEvents(query: AuditEventsQueryInput): Promise<AuditEventsPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    return this.request(`/events?${params}`);
  }

  verify(): Promise<AuditVerifyResult> {
    return this.request('/verify');
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('audit');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
