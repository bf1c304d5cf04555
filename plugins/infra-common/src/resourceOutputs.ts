/**
 * What `${resources.<name>.<output>}` can name, per Score resource type:
 * the outputs Score's own provisioners document (score-compose and
 * score-k8s default provisioners; `service` from the community
 * provisioners), so a Score file written for them wires the same way on
 * Pave. Each cloud resolves them in its renderer; where a cloud has no such
 * value (a password on an IAM-only database) planning for that environment
 * answers 400 with the reason. README.md ("Resource outputs") is this
 * table for people.
 *
 * @public
 */
export interface ResourceOutputSpec {
  description: string;
  /** Never written anywhere: manifests reference a Kubernetes Secret key. */
  secret?: boolean;
}

const host = { description: 'host name to connect to' };
const port = { description: 'port to connect to' };
const username = { description: 'user to connect as' };
const password = { description: 'password of that user', secret: true };
const database = {
  host,
  port,
  name: { description: 'database name' },
  database: { description: 'database name (same as name)' },
  username,
  password,
};

/** @public */
export const RESOURCE_OUTPUTS = {
  postgres: database,
  mysql: database,
  redis: {
    host,
    port,
    username,
    password,
    prefix: {
      description:
        'key prefix the user is confined to (empty where the cache is the service’s own)',
    },
  },
  amqp: {
    host,
    port,
    vhost: { description: 'RabbitMQ virtual host' },
    name: { description: 'queue name' },
    username,
    password,
  },
  queue: {
    name: { description: 'queue (or subscription) to consume from' },
    url: { description: "the queue's URL" },
  },
  topic: {
    name: { description: 'topic to publish to' },
    id: { description: "the topic's ARN or resource id" },
  },
  s3: {
    bucket: { description: 'bucket (or container) name' },
    region: { description: 'region the bucket is in' },
    endpoint: { description: 'object storage endpoint URL' },
    access_key_id: { description: 'static access key id', secret: true },
    secret_key: { description: 'static secret key', secret: true },
  },
  service: {
    name: { description: "the dependency's Kubernetes Service name" },
    host: { description: "the dependency's in-cluster host name" },
    port: { description: "the dependency's service port" },
    url: { description: 'http://host:port' },
  },
  dns: { host: { description: "the environment's host name for the service" } },
  route: {
    host: { description: 'host name the route answers on' },
    path: { description: 'path prefix' },
    url: { description: 'https://host/path' },
  },
  volume: {},
  environment: {},
} satisfies Record<string, Record<string, ResourceOutputSpec>>;

/**
 * Score resource types whose outputs are free-form: `environment` outputs
 * are keys of the environment's configuration.
 *
 * @public
 */
export const FREE_FORM_OUTPUTS = new Set(['environment']);
