/*
 * The Score project's published examples (see __fixtures__/score), read as
 * files and planned for the environments app-config.yaml configures, and
 * for every cloud: what resolves, what each cloud honestly refuses, and
 * what lands in the manifests.
 */
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { RESOURCE_OUTPUTS, RESOURCE_TYPES } from '@pave/plugin-infra-common';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { InfraService } from './InfraService';
import { EnvironmentRegistry } from './environments/EnvironmentRegistry';
import { testEnvironment, ownership, TEST_TARGETS } from './testUtils';
import { synthesizeEnvironment } from './synth/synthesizeEnvironment';

const FIXTURES = path.resolve(__dirname, '__fixtures__/score');
const examples = fs
  .readdirSync(FIXTURES)
  .filter(f => f.endsWith('.score.yaml'))
  .sort();
const read = (file: string) =>
  yaml.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));

/** The service over `pave.infra` exactly as app-config.yaml configures it. */
const appConfig = yaml.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../app-config.yaml'), 'utf8'),
);
const infra = new InfraService(
  EnvironmentRegistry.fromConfig(
    new ConfigReader({ pave: { infra: appConfig.pave.infra } }),
  ),
);
const configured = [...infra.environmentNames(), 'preview-pr-7'];

const request = (workload: unknown, environments = configured) => ({
  workload,
  ownership,
  environments,
});

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('published Score examples', () => {
  it('finds the examples', () => {
    expect(examples).toHaveLength(10);
    expect(configured).toEqual(['dev', 'staging', 'prod', 'preview-pr-7']);
  });

  it.each(examples)(
    '%s plans and synthesizes in every configured environment',
    file => {
      const workload = read(file);
      const plans = infra.plan(request(workload));
      expect(plans.map(p => p.environment)).toEqual(configured);
      const synthesized = infra.synthesize(request(workload));
      for (const env of synthesized) {
        const manifests = yaml.parseAllDocuments(
          env.files[`infra/${env.environment}/manifests.yaml`],
        );
        expect(manifests.every(d => d.errors.length === 0)).toBe(true);
        expect(manifests[0].toJS()).toMatchObject({
          kind: 'Deployment',
          metadata: { name: workload.metadata.name },
        });
      }
    },
  );

  it('wires Postgres as the plan shows it: values, Terraform outputs and a Secret key', () => {
    const [dev] = infra.plan(request(read('postgres.score.yaml'), ['dev']));
    const sources = Object.fromEntries(
      dev.wiring!.map(w => [w.field.split('.').pop(), w.references[0].source]),
    );
    expect(sources).toEqual({
      POSTGRES_HOST: { from: 'terraform', output: 'my-postgres_host' },
      POSTGRES_PORT: { from: 'terraform', output: 'my-postgres_port' },
      POSTGRES_DATABASE: { from: 'value', value: 'mypostgres' },
      POSTGRES_USERNAME: { from: 'value', value: 'pave_admin' },
      POSTGRES_PASSWORD: {
        from: 'secret',
        key: 'my-postgres_password',
        source: expect.stringContaining('my-postgres_secret_arn'),
      },
    });
    // Every Terraform source is an output the stack really has.
    expect(dev.outputs).toEqual(
      expect.arrayContaining(['my-postgres_host', 'my-postgres_port']),
    );
  });

  it('composes a connection string from a Secret without writing the secret', () => {
    const [prod] = infra.synthesize(request(read('cart.score.yaml'), ['prod']));
    const [deployment] = yaml
      .parseAllDocuments(prod.files['infra/prod/manifests.yaml'])
      .map(d => d.toJS());
    const [container] = deployment.spec.template.spec.containers;
    expect(container.env).toEqual([
      {
        name: 'PAVE_REDIS_CART_HOST',
        valueFrom: {
          configMapKeyRef: { name: 'cart-resources', key: 'redis-cart_host' },
        },
      },
      {
        name: 'PAVE_REDIS_CART_USERNAME',
        valueFrom: {
          configMapKeyRef: { name: 'cart-resources', key: 'redis-cart_user' },
        },
      },
      {
        name: 'PAVE_REDIS_CART_PASSWORD',
        valueFrom: {
          secretKeyRef: { name: 'cart-resources', key: 'redis-cart_password' },
        },
      },
      {
        name: 'REDIS_ADDR',
        value:
          '$(PAVE_REDIS_CART_HOST):6379,user=$(PAVE_REDIS_CART_USERNAME),password=$(PAVE_REDIS_CART_PASSWORD)',
      },
    ]);
    expect(container.resources).toEqual({
      limits: { memory: '90Mi', cpu: '220m' },
      requests: { memory: '70Mi', cpu: '200m' },
    });
    // The password is generated at apply into Secrets Manager: the
    // Terraform only references it, and the plan carries no value.
    const terraform = prod.files['infra/prod/cdk.tf.json'];
    expect(terraform).toContain(
      '${data.aws_secretsmanager_random_password.redis-cart-password.random_password}',
    );
    expect(JSON.stringify(prod.plan)).not.toMatch(/random_password/);
    expect(prod.plan.compute).toEqual({
      containers: [
        {
          name: 'cart',
          requests: { memory: '70Mi', cpu: '200m' },
          limits: { memory: '90Mi', cpu: '220m' },
        },
      ],
      ports: [{ name: 'grpc', port: 7070, targetPort: 7070, protocol: 'TCP' }],
    });
  });

  it('keeps Redis on IAM authentication unless a password is asked for', () => {
    const workload = read('redis.score.yaml');
    delete workload.containers['my-container'].variables.REDIS_PASSWORD;
    const [dev] = synthesizeAll(workload, 'dev');
    expect(dev.terraform.data).toBeUndefined();
    const user = (dev.terraform.resource as any).aws_elasticache_user[
      'my-redis-user'
    ];
    expect(user.authentication_mode).toEqual({ type: 'iam' });
  });

  it('routes the environment host name to the service port', () => {
    const [dev, preview] = infra.synthesize(
      request(read('dns-route.score.yaml'), ['dev', 'preview-pr-7']),
    );
    const ingress = (env: typeof dev) =>
      yaml
        .parseAllDocuments(env.files[`infra/${env.environment}/manifests.yaml`])
        .map(d => d.toJS())
        .find(d => d.kind === 'Ingress');
    expect(ingress(dev).spec.rules).toEqual([
      {
        host: 'my-workload.dev.meridian-bank.example',
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: {
                service: { name: 'my-workload', port: { number: 8080 } },
              },
            },
          ],
        },
      },
    ]);
    expect(ingress(preview).spec.rules[0].host).toBe(
      'my-workload-preview-pr-7.preview.meridian-bank.example',
    );
  });

  it('names service dependencies and records them as dependsOn', () => {
    const [dev] = infra.plan(
      request(read('trade-processor.score.yaml'), ['dev']),
    );
    expect(dev.dependsOn).toEqual([
      'component:default/trade-feed',
      'component:default/database',
    ]);
    expect(dev.wiring!.map(w => w.references[0].source)).toEqual([
      { from: 'value', value: 'database' },
      { from: 'value', value: 'trade-feed' },
    ]);
    expect(dev.resources).toEqual([]);
  });

  it('mounts volumes as emptyDir and keeps probes and UDP ports', () => {
    const [dev] = infra.synthesize(
      request(read('volumes.score.yaml'), ['dev']),
    );
    const [deployment] = yaml
      .parseAllDocuments(dev.files['infra/dev/manifests.yaml'])
      .map(d => d.toJS());
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'data', emptyDir: {} },
    ]);
    expect(deployment.spec.template.spec.containers[0].volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
    ]);

    const [prod] = infra.synthesize(
      request(read('probes-limits-service.score.yaml'), ['prod']),
    );
    const docs = yaml
      .parseAllDocuments(prod.files['infra/prod/manifests.yaml'])
      .map(d => d.toJS());
    const container = docs[0].spec.template.spec.containers[0];
    expect(container.livenessProbe).toEqual({
      httpGet: { path: '/alive', port: 8080 },
    });
    expect(container.ports).toEqual([
      { name: 'www', containerPort: 3001, protocol: 'TCP' },
      { name: 'stream', containerPort: 19245, protocol: 'UDP' },
    ]);
    expect(docs.find(d => d.kind === 'Service').spec.ports[1]).toEqual({
      name: 'stream',
      port: 19245,
      targetPort: 19245,
      protocol: 'UDP',
    });
  });
});

/** Synthesizes a workload in environments of one cloud's landing zone. */
function synthesizeAll(workload: unknown, ...types: Array<'dev' | 'prod'>) {
  const { request: parsed } = infra.parse(request(workload, ['dev']));
  return types.map(type =>
    synthesizeEnvironment({
      workload: parsed.workload,
      environment: testEnvironment('aws', type),
      ownership,
    }),
  );
}

describe('Score outputs on each cloud', () => {
  const workloadOf = (file: string) =>
    infra.parse(request(read(file), ['dev'])).request.workload;

  it.each(['aws', 'gcp', 'azure'] as const)(
    '%s answers for every output of every resource type',
    cloud => {
      const types = RESOURCE_TYPES.filter(
        t => !(cloud === 'gcp' && t === 'amqp'),
      );
      const workload = infra.parse(
        request(
          {
            apiVersion: 'score.dev/v1b1',
            metadata: { name: 'orders' },
            containers: { main: { image: 'orders:1' } },
            resources: Object.fromEntries(
              types.map(t => [`r-${t}`, { type: t }]),
            ),
          },
          ['dev'],
        ),
      ).request.workload;
      const environment = testEnvironment(cloud, 'prod');
      const { terraform } = synthesizeEnvironment({
        workload,
        environment,
        ownership,
      });
      const terraformOutputs = Object.keys(
        (terraform as { output: object }).output,
      );

      // Each output, named alone in a variable: resolved, or refused with a reason.
      const outcomes = types.flatMap(type =>
        Object.keys(RESOURCE_OUTPUTS[type]).map(output => {
          const withRef = {
            ...workload,
            containers: {
              main: {
                image: 'orders:1',
                variables: { X: `\${resources.r-${type}.${output}}` },
              },
            },
          };
          try {
            const { plan } = synthesizeEnvironment({
              workload: withRef,
              environment,
              ownership,
            });
            const source = plan.wiring![0].references[0].source;
            const secret = (
              RESOURCE_OUTPUTS[type] as Record<string, { secret?: boolean }>
            )[output].secret;
            return {
              output: `${type}.${output}`,
              // A secret only ever travels as a Secret key; every Terraform
              // source is an output the stack has.
              ok:
                (!secret || source.from === 'secret') &&
                (source.from !== 'terraform' ||
                  terraformOutputs.includes(source.output)),
            };
          } catch (e) {
            return {
              output: `${type}.${output}`,
              ok:
                e instanceof InputError &&
                new RegExp(
                  `output ${output} is not offered on ${cloud}: .{20,}`,
                ).test(e.message),
              error: String(e),
            };
          }
        }),
      );
      expect(outcomes.filter(o => !o.ok)).toEqual([]);
      expect(outcomes.length).toBeGreaterThanOrEqual(25);
    },
  );

  it('answers 400 for amqp on Google Cloud, naming the alternatives', () => {
    expect(
      refusal(() =>
        synthesizeEnvironment({
          workload: workloadOf('amqp.score.yaml'),
          environment: testEnvironment('gcp', 'dev'),
          ownership,
        }),
      ),
    ).toMatch(
      /resources\.my-amqp\.type: amqp is not offered on gcp .*use a queue .* or a topic/,
    );
  });

  it('answers 400 for a password on an IAM-only database, saying what to do', () => {
    expect(
      refusal(() =>
        synthesizeEnvironment({
          workload: workloadOf('postgres.score.yaml'),
          environment: testEnvironment('azure', 'dev'),
          ownership,
        }),
      ),
    ).toMatch(
      /environment dev \(azure\): containers\.my-container\.variables\.POSTGRES_DATABASE: \$\{resources\.my-postgres\.database\}: postgres output database is not offered on azure/,
    );
  });

  it('renders amqp as a Service Bus queue on Azure', () => {
    const workload = workloadOf('amqp.score.yaml');
    delete (workload.containers['my-container'].variables as any).AMQP_VHOST;
    delete (workload.containers['my-container'].variables as any).AMQP_USERNAME;
    delete (workload.containers['my-container'].variables as any).AMQP_PASSWORD;
    const { plan } = synthesizeEnvironment({
      workload,
      environment: testEnvironment('azure', 'prod'),
      ownership,
    });
    expect(plan.resources.map(r => [r.terraformType, r.resourceType])).toEqual([
      ['azurerm_servicebus_namespace', 'amqp'],
      ['azurerm_private_endpoint', 'amqp'],
      ['azurerm_servicebus_queue', 'amqp'],
    ]);
    expect(plan.wiring![0].references[0].source).toEqual({
      from: 'value',
      value: expect.stringMatching(/\.servicebus\.windows\.net$/),
    });
  });
});

describe("the README's Score file", () => {
  it('plans as the README says, in every configured environment', () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, '../../../README.md'),
      'utf8',
    );
    const section = readme.slice(
      readme.indexOf('## Infrastructure from a workload spec'),
    );
    const block = /```yaml\n([\s\S]*?)```/.exec(section)![1];
    const [prod] = infra.plan(request(yaml.parse(block), ['prod']));
    const url = prod.wiring!.find(w => w.field.endsWith('DATABASE_URL'))!;
    expect(url.references.map(r => `${r.output}:${r.source.from}`)).toEqual([
      'username:value',
      'password:secret',
      'host:terraform',
      'port:terraform',
      'name:value',
    ]);
    expect(prod.dependsOn).toEqual(['component:default/ledger']);
  });
});

describe('TEST_TARGETS', () => {
  it('covers the three clouds', () => {
    expect(Object.keys(TEST_TARGETS).sort()).toEqual(['aws', 'azure', 'gcp']);
  });
});
