import {
  PaveClientOptions,
  PaveRequestOptions,
  PluginHttpClient,
  refSegment,
} from '@pave/common';
import {
  DeployRequest,
  Deployment,
  DeploymentEvent,
  EnvironmentsOffer,
} from './types';

/**
 * The environment orchestrator (`/api/environments`) as every caller uses
 * it: the portal, the CLI, other plugins. Methods reject with a
 * `ResponseError` naming the field and the rule when the server refuses.
 *
 * @public
 */
export interface EnvironmentsApi {
  /** `GET /environments`: where services can run here, previews included. */
  listEnvironments(options?: PaveRequestOptions): Promise<EnvironmentsOffer>;
  /** `GET /deployments?entityRef=`: a component's deployments (all, without it). */
  listDeployments(
    query: { entityRef?: string },
    options?: PaveRequestOptions,
  ): Promise<{ items: Deployment[] }>;
  /** `GET /deployments/:id` with its history. */
  getDeployment(
    id: string,
    options?: PaveRequestOptions,
  ): Promise<Deployment & { events: DeploymentEvent[] }>;
  /** `POST /deployments`: accepted (202); follow it with getDeployment. */
  deploy(
    request: DeployRequest,
    options?: PaveRequestOptions,
  ): Promise<Deployment>;
  /** `POST /deployments/:id/extend`: a preview lives `hours` more from now. */
  extend(
    id: string,
    hours: number,
    options?: PaveRequestOptions,
  ): Promise<Deployment>;
  /** `DELETE /deployments/:id`: accepted (202). */
  destroy(id: string, options?: PaveRequestOptions): Promise<Deployment>;
  /** `GET /deployments/:id/logs?lines=`: the service's last lines of output. */
  logs(
    id: string,
    lines?: number,
    options?: PaveRequestOptions,
  ): Promise<{ lines: string[] }>;
}

/**
 * {@link EnvironmentsApi} over HTTP.
 *
 * @public
 */
export class EnvironmentsClient implements EnvironmentsApi {
  private readonly http: PluginHttpClient;

  constructor(options: PaveClientOptions) {
    this.http = new PluginHttpClient('environments', options);
  }

  listEnvironments(options?: PaveRequestOptions) {
    return this.http.json<EnvironmentsOffer>(
      { path: '/environments' },
      options,
    );
  }

  listDeployments(query: { entityRef?: string }, options?: PaveRequestOptions) {
    return this.http.json<{ items: Deployment[] }>(
      {
        path: '/deployments',
        query: query.entityRef ? { entityRef: query.entityRef } : {},
      },
      options,
    );
  }

  getDeployment(id: string, options?: PaveRequestOptions) {
    return this.http.json<Deployment & { events: DeploymentEvent[] }>(
      { path: `/deployments/${refSegment(id)}` },
      options,
    );
  }

  deploy(request: DeployRequest, options?: PaveRequestOptions) {
    return this.http.json<Deployment>(
      { path: '/deployments', method: 'POST', body: request },
      options,
    );
  }

  extend(id: string, hours: number, options?: PaveRequestOptions) {
    return this.http.json<Deployment>(
      {
        path: `/deployments/${refSegment(id)}/extend`,
        method: 'POST',
        body: { hours },
      },
      options,
    );
  }

  destroy(id: string, options?: PaveRequestOptions) {
    return this.http.json<Deployment>(
      { path: `/deployments/${refSegment(id)}`, method: 'DELETE' },
      options,
    );
  }

  logs(id: string, lines = 200, options?: PaveRequestOptions) {
    return this.http.json<{ lines: string[] }>(
      {
        path: `/deployments/${refSegment(id)}/logs`,
        query: { lines: String(lines) },
      },
      options,
    );
  }
}
