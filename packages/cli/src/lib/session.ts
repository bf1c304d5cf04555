import { CatalogClient } from '@backstage/catalog-client';
import { PaveRequestOptions, PluginDiscovery } from '@pave/common';
import { AuditClient } from '@pave/plugin-audit-common';
import { CostClient } from '@pave/plugin-cost-common';
import { EnvironmentsClient } from '@pave/plugin-environments-common';
import { PolicyClient } from '@pave/plugin-policy-common';
import { UpgradesClient } from '@pave/plugin-upgrades-common';
import { StoredAuth, StoredLogin, readLogin, writeLogin } from './configStore';
import { urlDiscovery } from './discovery';
import { CliError, EXIT } from './exitCodes';
import { refreshSession } from './webLogin';
import { ScaffolderTasks } from './ScaffolderTasks';

type Env = Record<string, string | undefined>;

/** A session refreshes this long before its access token expires. */
const REFRESH_MARGIN_MS = 60_000;

/** Base URL without a trailing slash; refuses what is not http(s). */
export function normalizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(
      `--url: ${JSON.stringify(
        url,
      )} is not a URL (expected e.g. https://pave.example.com)`,
      EXIT.usage,
    );
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) {
    throw new CliError(
      `--url: must be http:// or https://, not ${parsed.protocol}`,
      EXIT.usage,
    );
  }
  return parsed.toString().replace(/\/+$/, '');
}

/**
 * Where the CLI talks to and as whom. The environment wins over the stored
 * login (`PAVE_URL`, `PAVE_API_TOKEN`), so CI needs no `pave login`.
 */
export function resolveLogin(
  env: Env,
  urlFlag?: string,
): StoredLogin & { stored: boolean } {
  const stored = readLogin(env);
  const url = urlFlag ?? env.PAVE_URL ?? stored?.url;
  if (!url) {
    throw new CliError(
      'Not logged in: no Pave URL.',
      EXIT.unreachable,
      'Run `pave login --url https://pave.example.com`, or set PAVE_URL and PAVE_API_TOKEN.',
    );
  }
  if (env.PAVE_API_TOKEN) {
    return {
      url: normalizeUrl(url),
      auth: { type: 'token', token: env.PAVE_API_TOKEN },
      stored: false,
    };
  }
  if (!stored || normalizeUrl(stored.url) !== normalizeUrl(url)) {
    throw new CliError(
      `Not logged in to ${normalizeUrl(url)}.`,
      EXIT.unreachable,
      `Run \`pave login --url ${normalizeUrl(url)}\`, or set PAVE_API_TOKEN.`,
    );
  }
  return { ...stored, url: normalizeUrl(stored.url), stored: true };
}

/**
 * One login's clients: the same `-common` clients the portal uses, each
 * call carrying the token (a session's is refreshed when it nears expiry).
 */
export class Session {
  readonly discoveryApi: PluginDiscovery;
  private auth: StoredAuth;
  private clients = new Map<string, unknown>();

  constructor(
    readonly login: StoredLogin & { stored: boolean },
    private readonly env: Env,
  ) {
    this.auth = login.auth;
    this.discoveryApi = urlDiscovery(login.url);
  }

  get url() {
    return this.login.url;
  }

  get identity(): StoredAuth {
    return this.auth;
  }

  /** The bearer token for the next call, refreshed first if it is due. */
  async requestOptions(signal?: AbortSignal): Promise<PaveRequestOptions> {
    if (
      this.auth.type === 'session' &&
      this.auth.expiresAt - REFRESH_MARGIN_MS < Date.now()
    ) {
      if (!this.auth.refreshToken) {
        throw new CliError(
          `Your sign-in to ${this.url} has expired.`,
          EXIT.unreachable,
          `Run \`pave login --url ${this.url} --web\` again.`,
        );
      }
      this.auth = await refreshSession(this.url, this.auth);
      if (this.login.stored) {
        writeLogin({ url: this.url, auth: this.auth }, this.env);
      }
    }
    const token =
      this.auth.type === 'token' ? this.auth.token : this.auth.accessToken;
    return { token, ...(signal ? { signal } : {}) };
  }

  private client<T>(key: string, create: () => T): T {
    if (!this.clients.has(key)) {
      this.clients.set(key, create());
    }
    return this.clients.get(key) as T;
  }

  get policy() {
    return this.client(
      'policy',
      () => new PolicyClient({ discoveryApi: this.discoveryApi }),
    );
  }

  get cost() {
    return this.client(
      'cost',
      () => new CostClient({ discoveryApi: this.discoveryApi }),
    );
  }

  get audit() {
    return this.client(
      'audit',
      () => new AuditClient({ discoveryApi: this.discoveryApi }),
    );
  }

  get environments() {
    return this.client(
      'environments',
      () => new EnvironmentsClient({ discoveryApi: this.discoveryApi }),
    );
  }

  get upgrades() {
    return this.client(
      'upgrades',
      () => new UpgradesClient({ discoveryApi: this.discoveryApi }),
    );
  }

  get catalog() {
    return this.client(
      'catalog',
      () => new CatalogClient({ discoveryApi: this.discoveryApi }),
    );
  }

  get scaffolder() {
    return this.client(
      'scaffolder',
      () => new ScaffolderTasks({ discoveryApi: this.discoveryApi }),
    );
  }
}
