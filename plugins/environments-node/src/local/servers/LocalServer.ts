/**
 * The resource types the local target serves, one server each: `amqp`,
 * `queue` and `topic` share RabbitMQ.
 */
export type LocalServerKind = 'postgres' | 'mysql' | 'redis' | 'rabbitmq';

/** Where a server listens and how Pave administers it. */
export interface ServerEndpoint {
  host: '127.0.0.1';
  port: number;
  adminUser: string;
  adminPassword: string;
}

/**
 * One server on the Pave host, started on first need under its own
 * directory, bound to 127.0.0.1 and supervised (see ServerProcess).
 */
export interface LocalServer {
  readonly kind: LocalServerKind;
  /** Starts the server unless it runs; where it listens. */
  ensure(): Promise<ServerEndpoint>;
  /** Stops it (data stays for the next start). */
  stop(): Promise<void>;
  /** The server's process id while it runs (for health and tests). */
  readonly pid: number | undefined;
}
