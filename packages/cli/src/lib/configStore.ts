import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How the CLI authenticates: an API token, or a person's sign-in. */
export type StoredAuth =
  | {
      /** A static API token (`backend.auth.externalAccess`): a service. */
      type: 'token';
      token: string;
    }
  | {
      /** Signed in as a person through Backstage's sign-in (OAuth, PKCE). */
      type: 'session';
      accessToken: string;
      refreshToken?: string;
      /** Epoch milliseconds. */
      expiresAt: number;
      userEntityRef: string;
      clientId: string;
    };

/** What `pave login` keeps between runs. */
export interface StoredLogin {
  url: string;
  auth: StoredAuth;
}

type Env = Record<string, string | undefined>;

/**
 * `$PAVE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/pave`, else `~/.config/pave`
 * (`%APPDATA%\pave` on Windows): the user's own config directory.
 */
export function configDirectory(env: Env = process.env): string {
  if (env.PAVE_CONFIG_DIR) {
    return path.resolve(env.PAVE_CONFIG_DIR);
  }
  if (env.XDG_CONFIG_HOME) {
    return path.join(env.XDG_CONFIG_HOME, 'pave');
  }
  if (process.platform === 'win32' && env.APPDATA) {
    return path.join(env.APPDATA, 'pave');
  }
  return path.join(os.homedir(), '.config', 'pave');
}

function configFile(env: Env) {
  return path.join(configDirectory(env), 'login.json');
}

/** The stored login, or undefined before the first `pave login`. */
export function readLogin(env: Env = process.env): StoredLogin | undefined {
  let text: string;
  try {
    text = fs.readFileSync(configFile(env), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  const login = JSON.parse(text) as StoredLogin;
  if (typeof login?.url !== 'string' || !login.auth) {
    throw new Error(
      `${configFile(
        env,
      )} is not a pave login; run \`pave logout\` and log in again`,
    );
  }
  return login;
}

/**
 * Stores the login readable by the user alone: the directory 700 and the
 * file 600, written whole (a temporary file renamed over the old one), so
 * a crash never leaves half a token and no other user ever reads one.
 */
export function writeLogin(login: StoredLogin, env: Env = process.env) {
  const dir = configDirectory(env);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const file = configFile(env);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(login, null, 2)}\n`, {
    mode: 0o600,
  });
  fs.renameSync(temporary, file);
  fs.chmodSync(file, 0o600);
  return file;
}

/** Forgets the login; true when there was one. */
export function removeLogin(env: Env = process.env): boolean {
  try {
    fs.unlinkSync(configFile(env));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}
