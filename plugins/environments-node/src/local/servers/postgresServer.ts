import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { rm, writeFile, chown } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ServerEndpoint } from './LocalServer';
import { ServerProcessOptions } from './ServerProcess';
import { SupervisedServer } from './SupervisedServer';
import { ensureDir, serverIdentity, systemUser } from './host';

const run = promisify(execFile);

/** Debian's PostgreSQL binaries (`/usr/lib/postgresql/<major>/bin`), newest major. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) {
    return undefined;
  }
  const majors = readdirSync(root)
    .filter(
      v => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin/postgres')),
    )
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(root, majors[0], 'bin') : undefined;
}

/**
 * Debian's PostgreSQL: a cluster under `<dir>/data` created on first start
 * (password authentication only, an admin role `pave`), run as the
 * `postgres` user when Pave runs as root (PostgreSQL refuses root).
 */
export class PostgresServer extends SupervisedServer {
  readonly kind = 'postgres';

  protected async prepare() {
    const bin = postgresBinDir();
    if (!bin) {
      throw new Error(
        "PostgreSQL is not installed: run scripts/start.sh (it installs Debian's postgresql), or apt-get install postgresql",
      );
    }
    const owner = systemUser('postgres');
    await ensureDir(this.dir, owner);
    const { port, password } = await serverIdentity(this.dir);
    const data = path.join(this.dir, 'data');
    if (!existsSync(path.join(data, 'PG_VERSION'))) {
      const pwfile = path.join(this.dir, 'initdb.pw');
      await writeFile(pwfile, password, { mode: 0o600 });
      if (owner) {
        await chown(pwfile, owner.uid, owner.gid);
      }
      try {
        await run(
          path.join(bin, 'initdb'),
          [
            '-D',
            data,
            '-U',
            'pave',
            '--auth=scram-sha-256',
            `--pwfile=${pwfile}`,
            '--encoding=UTF8',
            '--no-sync',
          ],
          { cwd: '/', uid: owner?.uid, gid: owner?.gid },
        );
      } catch (error) {
        throw new Error(
          `initdb failed in ${data} (the postgres user needs to reach that directory): ${
            (error as { stderr?: string }).stderr ?? error
          }`,
        );
      } finally {
        await rm(pwfile, { force: true });
      }
    }
    const endpoint: ServerEndpoint = {
      host: '127.0.0.1',
      port,
      adminUser: 'pave',
      adminPassword: password,
    };
    const options: ServerProcessOptions = {
      name: 'PostgreSQL',
      command: path.join(bin, 'postgres'),
      args: [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        this.dir,
        '-c',
        'listen_addresses=127.0.0.1',
      ],
      cwd: '/',
      uid: owner?.uid,
      gid: owner?.gid,
      logFile: path.join(this.dir, 'server.log'),
      ready: () => adminQuery(endpoint, 'select 1').then(() => true),
    };
    return { endpoint, options };
  }
}

/** Runs statements as the admin role on `database`, one connection each call. */
export async function adminQuery(
  endpoint: ServerEndpoint,
  sql: string,
  params: unknown[] = [],
  database = 'postgres',
) {
  const client = new Client({
    host: endpoint.host,
    port: endpoint.port,
    user: endpoint.adminUser,
    password: endpoint.adminPassword,
    database,
    connectionTimeoutMillis: 2000,
  });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
