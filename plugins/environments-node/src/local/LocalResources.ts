import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { LocalServer, LocalServerKind } from './servers/LocalServer';
import { PostgresServer } from './servers/postgresServer';
import { MariadbServer } from './servers/mariadbServer';
import { RedisServer } from './servers/redisServer';
import { RabbitEndpoint, RabbitmqServer } from './servers/rabbitmqServer';
import {
  generatePassword,
  readSecretJson,
  writeSecretJson,
} from './servers/host';
import { ResourceUnit, unitName } from './names';
import * as provisioners from './provisioners';
import type { UnitCredentials } from './provisioners';

/** The Score resource types the local target provisions. */
export const LOCAL_RESOURCE_TYPES = [
  'postgres',
  'mysql',
  'redis',
  'amqp',
  'queue',
  'topic',
] as const;

/** @public */
export type LocalResourceType = (typeof LOCAL_RESOURCE_TYPES)[number];

const SERVER_OF: Record<LocalResourceType, LocalServerKind> = {
  postgres: 'postgres',
  mysql: 'mysql',
  redis: 'redis',
  amqp: 'rabbitmq',
  queue: 'rabbitmq',
  topic: 'rabbitmq',
};

/**
 * The local target's resources: one real server per kind under
 * `<root>/<kind>`, started on first need, and per service, environment and
 * resource its own database and role, ACL user and key prefix, or vhost and
 * user. Generated credentials live in `<root>/credentials` (mode 600) and
 * are handed back only as the resource's Score outputs, for the service's
 * own environment.
 */
export class LocalResources {
  private readonly servers = new Map<LocalServerKind, LocalServer>();
  private prepared?: Promise<void>;

  constructor(private readonly root: string) {}

  /**
   * The root is traversable but not listable (711): PostgreSQL and
   * RabbitMQ run as their own users and must reach their directories.
   */
  private prepare(): Promise<void> {
    this.prepared ??= (async () => {
      await mkdir(this.root, { recursive: true });
      await chmod(this.root, 0o711);
    })();
    return this.prepared;
  }

  /** Whether the local target can provision `type`. */
  static supports(type: string): type is LocalResourceType {
    return (LOCAL_RESOURCE_TYPES as readonly string[]).includes(type);
  }

  /** The server of a kind (not started until needed). */
  server(kind: LocalServerKind): LocalServer {
    let server = this.servers.get(kind);
    if (!server) {
      const dir = path.join(this.root, kind);
      server = {
        postgres: () => new PostgresServer(dir),
        mysql: () => new MariadbServer(dir),
        redis: () => new RedisServer(dir),
        rabbitmq: () => new RabbitmqServer(dir),
      }[kind]();
      this.servers.set(kind, server);
    }
    return server;
  }

  /** Starts a server of a kind unless it runs; where it listens. */
  async ensureServer(kind: LocalServerKind) {
    await this.prepare();
    return this.server(kind).ensure();
  }

  private credentialsFile(unit: ResourceUnit): string {
    return path.join(
      this.root,
      'credentials',
      unit.service,
      unit.environment,
      `${unit.resource}.json`,
    );
  }

  /**
   * Provisions (or repairs: every step is idempotent) one resource and
   * returns its Score outputs, secrets included. The password is stored
   * before anything is created, so a retry after a crash reuses it.
   */
  async provision(
    unit: ResourceUnit,
    type: LocalResourceType,
  ): Promise<Record<string, string>> {
    await this.prepare();
    const server = this.server(SERVER_OF[type]);
    const endpoint = await server.ensure();
    const file = this.credentialsFile(unit);
    let credentials = await readSecretJson<UnitCredentials>(file);
    if (!credentials) {
      credentials = { name: unitName(unit), password: generatePassword() };
      await writeSecretJson(file, credentials);
    }
    switch (SERVER_OF[type]) {
      case 'postgres':
        await provisioners.provisionPostgres(endpoint, credentials);
        break;
      case 'mysql':
        await provisioners.provisionMysql(endpoint, credentials);
        break;
      case 'redis':
        await provisioners.provisionRedis(endpoint, credentials);
        break;
      default:
        await provisioners.provisionRabbitmq(
          endpoint as RabbitEndpoint,
          credentials,
          type === 'queue' || type === 'topic'
            ? { type, name: unit.resource }
            : undefined,
        );
    }
    return outputsOf(type, unit, endpoint.port, credentials);
  }

  /**
   * Whether what was provisioned for a resource is still there (a
   * database someone dropped is not); false when it never was.
   */
  async exists(unit: ResourceUnit, type: LocalResourceType): Promise<boolean> {
    const credentials = await readSecretJson<UnitCredentials>(
      this.credentialsFile(unit),
    );
    if (!credentials) {
      return false;
    }
    await this.prepare();
    const endpoint = await this.server(SERVER_OF[type]).ensure();
    switch (SERVER_OF[type]) {
      case 'postgres':
        return provisioners.postgresExists(endpoint, credentials.name);
      case 'mysql':
        return provisioners.mysqlExists(endpoint, credentials.name);
      case 'redis':
        return provisioners.redisExists(endpoint, credentials.name);
      default:
        return provisioners.rabbitmqExists(
          endpoint as RabbitEndpoint,
          credentials.name,
        );
    }
  }

  /** Drops what was provisioned for one resource and forgets its credentials. */
  async deprovision(
    unit: ResourceUnit,
    type: LocalResourceType,
  ): Promise<void> {
    const file = this.credentialsFile(unit);
    const credentials = await readSecretJson<UnitCredentials>(file);
    const name = credentials?.name ?? unitName(unit);
    await this.prepare();
    const endpoint = await this.server(SERVER_OF[type]).ensure();
    switch (SERVER_OF[type]) {
      case 'postgres':
        await provisioners.deprovisionPostgres(endpoint, name);
        break;
      case 'mysql':
        await provisioners.deprovisionMysql(endpoint, name);
        break;
      case 'redis':
        await provisioners.deprovisionRedis(endpoint, name);
        break;
      default:
        await provisioners.deprovisionRabbitmq(
          endpoint as RabbitEndpoint,
          name,
        );
    }
    await rm(file, { force: true });
  }

  /** Stops every server started here; their data stays for the next start. */
  async stop(): Promise<void> {
    await Promise.all([...this.servers.values()].map(s => s.stop()));
  }
}

/** The Score outputs of a provisioned resource (see RESOURCE_OUTPUTS). */
function outputsOf(
  type: LocalResourceType,
  unit: ResourceUnit,
  port: number,
  { name, password }: UnitCredentials,
): Record<string, string> {
  const host = '127.0.0.1';
  switch (type) {
    case 'postgres':
    case 'mysql':
      return {
        host,
        port: String(port),
        name,
        database: name,
        username: name,
        password,
      };
    case 'redis':
      return {
        host,
        port: String(port),
        username: name,
        password,
        prefix: `${name}:`,
      };
    case 'amqp':
      return {
        host,
        port: String(port),
        vhost: name,
        name: unit.resource,
        username: name,
        password,
      };
    case 'queue':
      // The user's credentials in the URL, as AMQP clients take them: the
      // local broker has no IAM. Shown masked (publicOutputs).
      return {
        name: unit.resource,
        url: `amqp://${encodeURIComponent(name)}:${encodeURIComponent(
          password,
        )}@${host}:${port}/${encodeURIComponent(name)}`,
      };
    default:
      return { name: unit.resource, id: `${name}/${unit.resource}` };
  }
}
