import { ResponseError } from '@backstage/errors';

/**
 * Finds a plugin's base URL: the frontend's `discoveryApi` and the
 * backend's `coreServices.discovery` both fit.
 *
 * @public
 */
export interface PluginDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * Makes the HTTP call: the frontend's `fetchApi` (it adds the signed-in
 * user's token), or `{ fetch }` on the server and in the CLI.
 *
 * @public
 */
export interface PluginFetch {
  fetch: typeof fetch;
}

/**
 * Per-call options of every Pave client: a bearer token where the fetch
 * does not add one (a backend's on-behalf-of token, the CLI's API token),
 * and a signal that cancels the call.
 *
 * @public
 */
export interface PaveRequestOptions {
  token?: string;
  signal?: AbortSignal;
}

/**
 * How a client is constructed, the same in the portal, the backend and the
 * CLI.
 *
 * @public
 */
export interface PaveClientOptions {
  discoveryApi: PluginDiscovery;
  /** Defaults to the global `fetch`. */
  fetchApi?: PluginFetch;
}

/** One request: a path under the plugin, its method, query and JSON body. */
export interface PluginRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with these headers (a file upload). */
  raw?: { body: BodyInit; headers: Record<string, string> };
  /** Statuses besides 2xx that are answers, not refusals (422 of a reload). */
  answers?: number[];
}

/**
 * The HTTP half of every capability's client in its `-common` package: it
 * finds the plugin, sends JSON with the caller's token, and turns a refusal
 * into a `ResponseError` from `@backstage/errors`, whose
 * `body.error.message` is the server's own words (`plans.0.region: …`).
 * One implementation, so the portal, the CLI and other plugins see the
 * same errors.
 *
 * @public
 */
export class PluginHttpClient {
  private readonly discoveryApi: PluginDiscovery;
  private readonly fetchApi: PluginFetch;

  constructor(private readonly pluginId: string, options: PaveClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  /**
   * The answer's JSON; rejects with a `ResponseError` unless it is 2xx or
   * one of `request.answers`.
   */
  async json<T>(
    request: PluginRequest,
    options?: PaveRequestOptions,
  ): Promise<T> {
    const response = await this.send(request, options);
    return (await response.json()) as T;
  }

  /** The answer itself, for a caller that streams it. */
  async send(
    request: PluginRequest,
    options?: PaveRequestOptions,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(this.pluginId);
    const headers: Record<string, string> = { ...request.raw?.headers };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (options?.token) {
      headers.Authorization = `Bearer ${options.token}`;
    }
    const response = await this.fetchApi.fetch(
      `${baseUrl}${request.path}${queryString(request.query)}`,
      {
        method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
        headers,
        body:
          request.raw?.body ??
          (request.body === undefined
            ? undefined
            : JSON.stringify(request.body)),
        signal: options?.signal,
        // A streamed upload (Node's fetch needs to be told it is one-way).
        ...(request.raw ? { duplex: 'half' } : {}),
      } as RequestInit,
    );
    if (!response.ok && !request.answers?.includes(response.status)) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function queryString(query: PluginRequest['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * A ref as one path segment: `component%3Adefault%2Forders`.
 *
 * @public
 */
export function refSegment(entityRef: string): string {
  return encodeURIComponent(entityRef);
}
