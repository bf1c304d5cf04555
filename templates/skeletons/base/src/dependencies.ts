import amqp from 'amqplib';
import mysql from 'mysql2/promise';
import net from 'node:net';
import pg from 'pg';
import { z } from 'zod';

/** A resource type Pave provisions: the `type` of a score.yaml resource. */
export type ResourceType = 'postgres' | 'mysql' | 'redis' | 'queue' | 'topic' | 's3';

/** One resource the service uses, as score.yaml names it. */
export interface WorkloadResource {
  name: string;
  type: ResourceType;
  size: 'small' | 'medium' | 'large';
}

/** A resource with the settings the environment gave it. */
export interface DependencyConfig {
  resource: WorkloadResource;
  /** Required variables that are not set; readiness names them. */
  missing: string[];
  /** Where a TCP connect proves reachability: databases and caches only. */
  endpoint?: { host: string; port: number };
  /**
   * Who to log in as, where the environment gives a password (the local
   * target; a database with a generated password). Readiness then logs in
   * and asks the server, instead of only opening a socket.
   */
  login?: { username?: string; password: string; database?: string };
  /** An AMQP URL (the local broker): readiness connects and finds the queue. */
  amqpUrl?: string;
  /** The queue's name (`<NAME>_NAME`), checked to exist over AMQP. */
  queueName?: string;
}

/** One dependency's answer to a readiness check. */
export interface DependencyStatus {
  name: string;
  type: ResourceType;
  ok: boolean;
  detail: string;
}

interface TypeSettings {
  /** Variable suffixes that must be set for the resource to be usable. */
  required: readonly string[];
  /** Types reached over TCP have a port (`<NAME>_PORT`, this by default). */
  defaultPort?: number;
  /** Takes `<NAME>_USERNAME`, `<NAME>_PASSWORD` (and `<NAME>_NAME`, the database) when given. */
  login?: boolean;
}

// Suffixes follow the Terraform outputs Pave renders in infra/<env>
// (db_host → DB_HOST, jobs_url → JOBS_URL), so outputs map to env unchanged.
const TYPE_SETTINGS: Record<ResourceType, TypeSettings> = {
  postgres: { required: ['HOST'], defaultPort: 5432, login: true },
  mysql: { required: ['HOST'], defaultPort: 3306, login: true },
  redis: { required: ['HOST'], defaultPort: 6379, login: true },
  queue: { required: ['URL'] },
  topic: { required: ['ARN'] },
  s3: { required: ['BUCKET'] },
};

const portSchema = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

/** `order-events` → `ORDER_EVENTS`, the prefix of the resource's variables. */
export function envPrefix(resourceName: string): string {
  return resourceName.toUpperCase().replaceAll('-', '_');
}

/**
 * The zod schema of every resource's variables. All are optional: a malformed
 * value stops start-up, a missing one only keeps the service unready, so a
 * pod whose ConfigMap is late recovers without a restart.
 */
export function dependencyEnvSchema(resources: readonly WorkloadResource[]) {
  const shape: Record<string, z.ZodOptional<z.ZodType<string | number>>> = {};
  for (const resource of resources) {
    const prefix = envPrefix(resource.name);
    const settings = TYPE_SETTINGS[resource.type];
    for (const suffix of settings.required) {
      shape[`${prefix}_${suffix}`] =
        suffix === 'URL' ? z.url('must be a URL').optional() : z.string().optional();
    }
    if (settings.defaultPort !== undefined) {
      shape[`${prefix}_PORT`] = portSchema.optional();
    }
    if (settings.login) {
      shape[`${prefix}_USERNAME`] = z.string().optional();
      shape[`${prefix}_PASSWORD`] = z.string().optional();
    }
    if (settings.login || resource.type === 'queue') {
      shape[`${prefix}_NAME`] = z.string().optional();
    }
  }
  return z.object(shape);
}

/** Pairs each resource with its parsed variables (see {@link dependencyEnvSchema}). */
export function resolveDependencies(
  resources: readonly WorkloadResource[],
  env: Readonly<Record<string, string | number | undefined>>,
): DependencyConfig[] {
  return resources.map(resource => {
    const prefix = envPrefix(resource.name);
    const settings = TYPE_SETTINGS[resource.type];
    const missing = settings.required
      .map(suffix => `${prefix}_${suffix}`)
      .filter(name => env[name] === undefined);
    const host = env[`${prefix}_HOST`];
    const port = env[`${prefix}_PORT`];
    const endpoint =
      settings.defaultPort !== undefined && typeof host === 'string'
        ? { host, port: typeof port === 'number' ? port : settings.defaultPort }
        : undefined;
    const text = (suffix: string) => {
      const value = env[`${prefix}_${suffix}`];
      return typeof value === 'string' ? value : undefined;
    };
    const config: DependencyConfig = { resource, missing };
    if (endpoint) config.endpoint = endpoint;
    const password = text('PASSWORD');
    if (settings.login && password !== undefined) {
      config.login = { password };
      const username = text('USERNAME');
      const database = text('NAME');
      if (username !== undefined) config.login.username = username;
      if (database !== undefined) config.login.database = database;
    }
    const url = text('URL');
    if (resource.type === 'queue' && url && /^amqps?:/.test(url)) {
      config.amqpUrl = url;
      config.queueName = text('NAME') ?? resource.name;
    }
    return config;
  });
}

/**
 * Checks one dependency: its variables are set and the service can use it
 * now. Where the environment gives credentials it logs in and asks the
 * server (`SELECT 1`, `PING`, the queue over AMQP), so ready means
 * connected; otherwise (IAM authentication in the cloud) a TCP connection
 * must open. A slow dependency costs at most `timeoutMs`.
 */
export async function checkDependency(
  dependency: DependencyConfig,
  timeoutMs: number,
): Promise<DependencyStatus> {
  const { name, type } = dependency.resource;
  if (dependency.missing.length > 0) {
    return { name, type, ok: false, detail: `not configured: ${dependency.missing.join(', ')} unset` };
  }
  const { endpoint, login } = dependency;
  let probe: { what: string; run: () => Promise<void> } | undefined;
  if (dependency.amqpUrl) {
    const url = dependency.amqpUrl;
    const queue = dependency.queueName ?? name;
    probe = { what: `queue ${queue}`, run: () => amqpQueueExists(url, queue, timeoutMs) };
  } else if (endpoint && login && type === 'postgres') {
    probe = { what: `${endpoint.host}:${endpoint.port}`, run: () => postgresSelect(endpoint, login, timeoutMs) };
  } else if (endpoint && login && type === 'mysql') {
    probe = { what: `${endpoint.host}:${endpoint.port}`, run: () => mysqlSelect(endpoint, login, timeoutMs) };
  } else if (endpoint && login && type === 'redis') {
    probe = { what: `${endpoint.host}:${endpoint.port}`, run: () => redisPing(endpoint, login, timeoutMs) };
  }
  if (probe) {
    try {
      await withTimeout(probe.run(), timeoutMs);
      return { name, type, ok: true, detail: `${probe.what} connected${login?.username ? ` as ${login.username}` : ''}` };
    } catch (error) {
      return { name, type, ok: false, detail: `${probe.what} not connected: ${reason(error)}` };
    }
  }
  if (!endpoint) {
    return { name, type, ok: true, detail: 'configured' };
  }
  const { host, port } = endpoint;
  const error = await tcpConnect(host, port, timeoutMs);
  return error
    ? { name, type, ok: false, detail: `${host}:${port} unreachable: ${error}` }
    : { name, type, ok: true, detail: `${host}:${port} reachable` };
}

type Endpoint = NonNullable<DependencyConfig['endpoint']>;
type Login = NonNullable<DependencyConfig['login']>;

/** Why a check failed, in a line: never the password or the URL holding it. */
function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const text = (message || code || String(error)).split('\n')[0] ?? '';
  return text.replace(/\/\/[^@/]*@/g, '//');
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function postgresSelect(endpoint: Endpoint, login: Login, timeoutMs: number): Promise<void> {
  const client = new pg.Client({
    host: endpoint.host,
    port: endpoint.port,
    user: login.username,
    password: login.password,
    database: login.database,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A connection the server drops later must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}

async function mysqlSelect(endpoint: Endpoint, login: Login, timeoutMs: number): Promise<void> {
  const connection = await mysql.createConnection({
    host: endpoint.host,
    port: endpoint.port,
    user: login.username,
    password: login.password,
    database: login.database,
    connectTimeout: timeoutMs,
  });
  connection.on('error', () => {});
  try {
    await connection.query('SELECT 1');
  } finally {
    await connection.end().catch(() => {});
  }
}

/** AUTH and PING in Redis's own protocol (RESP): no client library needed for two commands. */
function redisPing(endpoint: Endpoint, login: Login, timeoutMs: number): Promise<void> {
  const command = (...args: string[]) =>
    `*${args.length}\r\n${args.map(a => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const auth = login.username ? command('AUTH', login.username, login.password) : command('AUTH', login.password);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    let answer = '';
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no answer in ${timeoutMs} ms`)));
    socket.once('error', done);
    socket.once('connect', () => socket.write(auth + command('PING')));
    socket.on('data', chunk => {
      answer += chunk.toString('utf8');
      const lines = answer.split('\r\n');
      const error = lines.find(line => line.startsWith('-'));
      if (error) done(new Error(error.slice(1)));
      else if (lines.includes('+PONG')) done();
    });
  });
}

async function amqpQueueExists(url: string, queue: string, timeoutMs: number): Promise<void> {
  const connection = await amqp.connect(url, { timeout: timeoutMs });
  connection.on('error', () => {});
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    // Fails (and closes the channel) when the queue does not exist.
    await channel.checkQueue(queue);
  } finally {
    await connection.close().catch(() => {});
  }
}

/** Resolves to undefined when a connection opened, else to why not. */
function tcpConnect(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise(resolve => {
    const socket = net.connect({ host, port });
    const done = (error?: string) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer in ${timeoutMs} ms`));
    socket.once('connect', () => done());
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}
