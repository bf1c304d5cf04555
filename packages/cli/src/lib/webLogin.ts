import { ResponseError } from '@backstage/errors';
import { PluginHttpClient } from '@pave/common';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import { StoredAuth } from './configStore';
import { urlDiscovery } from './discovery';
import { CliError, EXIT } from './exitCodes';

type SessionAuth = Extract<StoredAuth, { type: 'session' }>;

/** How long `pave login --web` waits for the person to approve. */
const APPROVAL_TIMEOUT_MS = 5 * 60_000;

/** How long one call to the auth backend may take. */
const CALL_TIMEOUT_MS = 30_000;

const base64url = (buffer: Buffer) => buffer.toString('base64url');

/** The auth backend (`/api/auth`) through the client every Pave call uses. */
function authBackend(url: string) {
  return new PluginHttpClient('auth', { discoveryApi: urlDiscovery(url) });
}

const timeout = (ms = CALL_TIMEOUT_MS) => ({ signal: AbortSignal.timeout(ms) });

interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
}

/**
 * Who a person's token belongs to and the refs they own through (their
 * groups), from the auth backend's OIDC userinfo: what the permission
 * framework judges them as.
 */
export async function userInfo(
  url: string,
  token: string,
): Promise<{ userEntityRef: string; ownershipEntityRefs: string[] }> {
  // Backstage nests the claims; OIDC puts them at the top.
  const body = await authBackend(url).json<{
    claims?: { sub?: string; ent?: string[] };
    sub?: string;
    ent?: string[];
  }>({ path: '/v1/userinfo' }, { token, ...timeout() });
  const claims = body.claims ?? body;
  if (!claims.sub) {
    throw new Error(`${url} answered userinfo without a subject`);
  }
  return { userEntityRef: claims.sub, ownershipEntityRefs: claims.ent ?? [] };
}

function openBrowser(url: string) {
  const command =
    ({ darwin: 'open', win32: 'explorer' } as Record<string, string>)[
      process.platform
    ] ?? 'xdg-open';
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser here (a server, CI): the printed URL is enough.
  }
}

/**
 * Signs in as a person, the way Backstage's own CLI does: the auth
 * backend is an OAuth 2 authorization server, the CLI a public client
 * whose metadata document the backend serves (`clientIdMetadataDocuments`),
 * PKCE protects the code, and the portal's consent page asks the signed-in
 * person to approve. The result is that person's Backstage token (and a
 * refresh token with `offline_access`), so every permission and guardrail
 * judges them exactly as in the portal.
 */
export async function webLogin(options: {
  url: string;
  openBrowser: boolean;
  /** Shows the URL to open (stderr). */
  prompt: (authorizeUrl: string) => void;
}): Promise<SessionAuth> {
  const auth = authBackend(options.url);
  const authBase = await urlDiscovery(options.url).getBaseUrl('auth');
  const metadataPath = '/.well-known/oauth-client/cli.json';
  const clientId = `${authBase}${metadataPath}`;
  let redirectUris: string[];
  try {
    ({ redirect_uris: redirectUris } = await auth.json<{
      redirect_uris: string[];
    }>({ path: metadataPath }, timeout()));
  } catch (error) {
    if (!ResponseError.is(error)) {
      throw error;
    }
    throw new CliError(
      `${options.url} does not offer sign-in from the CLI (${error.statusCode} for its client metadata).`,
      EXIT.unreachable,
      'Use an API token instead: `pave login --url URL` with PAVE_API_TOKEN set, or ask the platform team to enable auth.clientIdMetadataDocuments.',
    );
  }
  const redirectUri = new URL(redirectUris[0]);

  const verifier = base64url(crypto.randomBytes(32));
  const challenge = base64url(
    crypto.createHash('sha256').update(verifier).digest(),
  );
  const state = base64url(crypto.randomBytes(16));

  const code = await new Promise<string>((resolve, reject) => {
    // Armed once the server listens (below).
    let timer: NodeJS.Timeout | undefined;
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirectUri);
      if (url.pathname !== redirectUri.pathname) {
        res.writeHead(404).end();
        return;
      }
      const finish = (error?: CliError) => {
        res.writeHead(error ? 400 : 200, { 'Content-Type': 'text/plain' });
        res.end(
          error
            ? `Pave sign-in failed: ${error.message}\n`
            : 'Signed in to Pave. You can close this tab and return to the terminal.\n',
        );
        clearTimeout(timer);
        server.close();
        if (error) {
          reject(error);
        } else {
          resolve(url.searchParams.get('code')!);
        }
      };
      if (url.searchParams.get('state') !== state) {
        finish(
          new CliError(
            'the sign-in answer did not match this login (state)',
            EXIT.failed,
          ),
        );
      } else if (url.searchParams.get('error')) {
        finish(
          new CliError(
            `sign-in refused: ${
              url.searchParams.get('error_description') ??
              url.searchParams.get('error')
            }`,
            EXIT.failed,
          ),
        );
      } else if (!url.searchParams.get('code')) {
        finish(new CliError('the sign-in answer had no code', EXIT.failed));
      } else {
        finish();
      }
    });
    server.on('error', error => {
      clearTimeout(timer);
      reject(
        new CliError(
          `Cannot listen on ${redirectUri.host} for the sign-in answer: ${error.message}`,
          EXIT.failed,
          'Another `pave login --web` may be waiting; finish or stop it first.',
        ),
      );
    });
    server.listen(Number(redirectUri.port), redirectUri.hostname, () => {
      timer = setTimeout(() => {
        server.close();
        reject(
          new CliError(
            'Nobody approved the sign-in within 5 minutes.',
            EXIT.failed,
            'Run `pave login --web` again and approve in the browser.',
          ),
        );
      }, APPROVAL_TIMEOUT_MS);
      const authorize = new URL(`${authBase}/v1/authorize`);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri.toString(),
        scope: 'openid offline_access',
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).toString();
      options.prompt(authorize.toString());
      if (options.openBrowser) {
        openBrowser(authorize.toString());
      }
    });
  });

  const token = await auth.json<TokenAnswer>(
    {
      path: '/v1/token',
      body: {
        grant_type: 'authorization_code',
        client_id: clientId,
        code,
        redirect_uri: redirectUri.toString(),
        code_verifier: verifier,
      },
    },
    timeout(),
  );
  return {
    type: 'session',
    accessToken: token.access_token,
    ...(token.refresh_token ? { refreshToken: token.refresh_token } : {}),
    expiresAt: Date.now() + token.expires_in * 1000,
    userEntityRef: (await userInfo(options.url, token.access_token))
      .userEntityRef,
    clientId,
  };
}

/** A fresh access token from the refresh token (which rotates). */
export async function refreshSession(
  url: string,
  auth: SessionAuth,
): Promise<SessionAuth> {
  try {
    const token = await authBackend(url).json<TokenAnswer>(
      {
        path: '/v1/token',
        body: {
          grant_type: 'refresh_token',
          client_id: auth.clientId,
          refresh_token: auth.refreshToken,
        },
      },
      timeout(),
    );
    return {
      ...auth,
      accessToken: token.access_token,
      refreshToken: token.refresh_token ?? auth.refreshToken,
      expiresAt: Date.now() + token.expires_in * 1000,
    };
  } catch (error) {
    if (ResponseError.is(error) && error.statusCode < 500) {
      throw new CliError(
        `Your sign-in to ${url} can no longer be refreshed (${error.statusCode}).`,
        EXIT.unreachable,
        `Run \`pave login --url ${url} --web\` again.`,
      );
    }
    throw error;
  }
}

/** Revokes the refresh token on the server; rejects when it refuses. */
export async function revokeSession(
  url: string,
  auth: SessionAuth,
): Promise<void> {
  await authBackend(url).send(
    {
      path: '/v1/revoke',
      body: {
        token: auth.refreshToken,
        token_type_hint: 'refresh_token',
        client_id: auth.clientId,
      },
    },
    timeout(10_000),
  );
}
