import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ServerEndpoint } from './LocalServer';
import { ServerProcessOptions } from './ServerProcess';
import { SupervisedServer } from './SupervisedServer';
import {
  ensureDir,
  freePort,
  portOpen,
  readSecretJson,
  serverIdentity,
  systemUser,
  writeSecretJson,
} from './host';

const run = promisify(execFile);
const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

/** RabbitMQ's management API on the server's loopback port. */
export interface RabbitEndpoint extends ServerEndpoint {
  managementPort: number;
}

/**
 * Debian's RabbitMQ for `amqp`, `queue` and `topic`: one node under
 * `<dir>`, AMQP and the management API on 127.0.0.1 only (Erlang's port
 * mapper too), the default guest user replaced by an admin `pave`. Run as
 * the `rabbitmq` user when Pave runs as root, as Debian's wrapper would.
 * Users and vhosts are managed over the HTTP API: each `rabbitmqctl` call
 * costs a second of Erlang start-up.
 */
export class RabbitmqServer extends SupervisedServer<RabbitEndpoint> {
  readonly kind = 'rabbitmq';

  protected async prepare() {
    if (!existsSync(RABBITMQ_SERVER)) {
      throw new Error(
        "RabbitMQ is not installed: run scripts/start.sh (it installs Debian's rabbitmq-server), or apt-get install rabbitmq-server",
      );
    }
    const owner = systemUser('rabbitmq');
    await ensureDir(this.dir, owner);
    const { port, password } = await serverIdentity(this.dir);
    const portsFile = path.join(this.dir, 'ports.json');
    const ports = (await readSecretJson<{
      management: number;
      distribution: number;
    }>(portsFile)) ?? {
      management: await freePort(),
      distribution: await freePort(),
    };
    await writeSecretJson(portsFile, ports);
    const config = path.join(this.dir, 'rabbitmq.conf');
    const plugins = path.join(this.dir, 'enabled_plugins');
    await writeFile(
      config,
      [
        `listeners.tcp.default = 127.0.0.1:${port}`,
        `management.tcp.ip = 127.0.0.1`,
        `management.tcp.port = ${ports.management}`,
        `default_user = pave`,
        `default_pass = ${password}`,
        `default_permissions.configure = .*`,
        `default_permissions.read = .*`,
        `default_permissions.write = .*`,
        `default_user_tags.administrator = true`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    await writeFile(plugins, '[rabbitmq_management].\n');
    for (const sub of ['mnesia', 'log']) {
      await ensureDir(path.join(this.dir, sub), owner);
    }
    if (owner) {
      for (const file of [
        config,
        plugins,
        path.join(this.dir, 'server.json'),
        portsFile,
      ]) {
        await chown(file, owner.uid, owner.gid);
      }
    }
    const endpoint: RabbitEndpoint = {
      host: '127.0.0.1',
      port,
      managementPort: ports.management,
      adminUser: 'pave',
      adminPassword: password,
    };
    const options: ServerProcessOptions = {
      name: 'RabbitMQ',
      command: RABBITMQ_SERVER,
      args: [],
      cwd: this.dir,
      uid: owner?.uid,
      gid: owner?.gid,
      env: {
        PATH: process.env.PATH,
        HOME: this.dir,
        LANG: 'C.UTF-8',
        RABBITMQ_NODENAME: `pave-${port}@localhost`,
        RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
        RABBITMQ_NODE_PORT: String(port),
        RABBITMQ_DIST_PORT: String(ports.distribution),
        RABBITMQ_CONFIG_FILE: config,
        RABBITMQ_ENABLED_PLUGINS_FILE: plugins,
        RABBITMQ_MNESIA_BASE: path.join(this.dir, 'mnesia'),
        RABBITMQ_LOG_BASE: path.join(this.dir, 'log'),
        RABBITMQ_FEATURE_FLAGS_FILE: path.join(this.dir, 'feature_flags'),
        RABBITMQ_PID_FILE: path.join(this.dir, 'rabbitmq.pid'),
        ERL_EPMD_ADDRESS: '127.0.0.1',
      },
      logFile: path.join(this.dir, 'server.log'),
      startTimeoutMs: 60_000,
      ready: async () =>
        (await portOpen(port)) &&
        (await management(endpoint, 'GET', '/api/overview')).ok,
    };
    return { endpoint, options };
  }

  async stop() {
    await super.stop();
    // Erlang's port mapper outlives the node; stop it once no node is left.
    try {
      const { stdout } = await run('epmd', ['-names']);
      if (!/^name /m.test(stdout)) {
        await run('epmd', ['-kill']);
      }
    } catch {
      // epmd not running: nothing to stop.
    }
  }
}

/** One call to the management HTTP API as the admin. */
export async function management(
  endpoint: RabbitEndpoint,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<Response> {
  const auth = Buffer.from(
    `${endpoint.adminUser}:${endpoint.adminPassword}`,
  ).toString('base64');
  return fetch(`http://127.0.0.1:${endpoint.managementPort}${apiPath}`, {
    method,
    headers: {
      authorization: `Basic ${auth}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(5000),
  });
}
