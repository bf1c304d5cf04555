import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/** A free TCP port on 127.0.0.1 (the kernel's pick). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function portOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A password: 24 random bytes, URL-safe base64 (no quoting needed anywhere). */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/** A system account's uid and gid (`postgres`, `rabbitmq`), when this process is root. */
export function systemUser(
  name: string,
): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Creates `dir` (and parents), owned by `owner` when given. */
export async function ensureDir(
  dir: string,
  owner?: { uid: number; gid: number },
  mode = 0o700,
): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  if (owner) {
    await chown(dir, owner.uid, owner.gid);
  }
}

/**
 * A JSON file only its owner can read (mode 600): admin passwords and the
 * credentials of what was provisioned. Never logged, never in a response.
 */
export async function writeSecretJson(file: string, value: unknown) {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, {
    mode: 0o600,
  });
}

/** Reads a file written by {@link writeSecretJson}, or undefined if absent. */
export async function readSecretJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/**
 * The port and admin password a server keeps across restarts: picked on
 * first start, then read back so clients and stored credentials stay valid.
 */
export async function serverIdentity(
  dir: string,
): Promise<{ port: number; password: string; fresh: boolean }> {
  const file = path.join(dir, 'server.json');
  const known = await readSecretJson<{ port: number; password: string }>(file);
  if (known) {
    return { ...known, fresh: false };
  }
  const identity = { port: await freePort(), password: generatePassword() };
  await writeSecretJson(file, identity);
  return { ...identity, fresh: true };
}
