import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import Redis from 'ioredis';
import { ServerEndpoint } from './LocalServer';
import { ServerProcessOptions } from './ServerProcess';
import { SupervisedServer } from './SupervisedServer';
import { ensureDir, serverIdentity } from './host';

const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * Debian's Redis: the default user off, an admin user `pave`, users kept
 * in an ACL file (`ACL SAVE` after each change), append-only persistence.
 */
export class RedisServer extends SupervisedServer {
  readonly kind = 'redis';

  protected async prepare() {
    if (!existsSync(REDIS_SERVER)) {
      throw new Error(
        "Redis is not installed: run scripts/start.sh (it installs Debian's redis-server), or apt-get install redis-server",
      );
    }
    await ensureDir(this.dir);
    const { port, password } = await serverIdentity(this.dir);
    const aclFile = path.join(this.dir, 'users.acl');
    if (!existsSync(aclFile)) {
      const hash = createHash('sha256').update(password).digest('hex');
      await writeFile(
        aclFile,
        `user default off\nuser pave on #${hash} ~* &* +@all\n`,
        { mode: 0o600 },
      );
    }
    const endpoint: ServerEndpoint = {
      host: '127.0.0.1',
      port,
      adminUser: 'pave',
      adminPassword: password,
    };
    const options: ServerProcessOptions = {
      name: 'Redis',
      command: REDIS_SERVER,
      args: [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--aclfile',
        aclFile,
        '--appendonly',
        'yes',
        // Every write reaches the file before Redis answers it: with the
        // default (everysec) a write can wait up to 2 s behind a slow fsync,
        // and a kill -9 in that window loses it. Dev traffic is small.
        '--appendfsync',
        'always',
        '--save',
        '',
        '--daemonize',
        'no',
      ],
      logFile: path.join(this.dir, 'server.log'),
      ready: async () => (await withAdmin(endpoint, r => r.ping())) === 'PONG',
    };
    return { endpoint, options };
  }
}

/** Runs `fn` on a short-lived admin connection. */
export async function withAdmin<T>(
  endpoint: ServerEndpoint,
  fn: (redis: Redis) => Promise<T>,
): Promise<T> {
  const redis = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    username: endpoint.adminUser,
    password: endpoint.adminPassword,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}
