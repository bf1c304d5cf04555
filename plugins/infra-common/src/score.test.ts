import { InputError } from '@backstage/errors';
import { parseInput } from '@pave/common';
import { parseScoreTemplate, splitScoreRef } from './score';
import { workloadSchema } from './workload';

function parseWorkload(overrides: object) {
  return parseInput(
    workloadSchema,
    {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'orders', annotations: { 'pave.dev/tier': 'gold' } },
      containers: { main: { image: 'orders:1' } },
      resources: { db: { type: 'postgres' }, env: { type: 'environment' } },
      ...overrides,
    },
    'workload spec',
  );
}

function errorOf(overrides: object): string {
  try {
    parseWorkload(overrides);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

const variables = (vars: Record<string, unknown>) => ({
  containers: { main: { image: 'orders:1', variables: vars } },
});

describe('parseScoreTemplate', () => {
  it('splits text and placeholders as score-go does', () => {
    expect(
      parseScoreTemplate(
        'postgres://${resources.db.username}@${resources.db.host}:5432',
      ),
    ).toEqual({
      ok: true,
      segments: [
        { kind: 'text', text: 'postgres://' },
        {
          kind: 'placeholder',
          raw: '${resources.db.username}',
          parts: ['resources', 'db', 'username'],
        },
        { kind: 'text', text: '@' },
        {
          kind: 'placeholder',
          raw: '${resources.db.host}',
          parts: ['resources', 'db', 'host'],
        },
        { kind: 'text', text: ':5432' },
      ],
    });
  });

  it('reads $$ as $ and $${…} as literal text', () => {
    expect(parseScoreTemplate('echo $${FRIEND} costs $$5')).toEqual({
      ok: true,
      segments: [{ kind: 'text', text: 'echo ${FRIEND} costs $5' }],
    });
  });

  it('splits refs on dots, keeping escaped ones', () => {
    expect(splitScoreRef('metadata.annotations.pave\\.dev/tier')).toEqual([
      'metadata',
      'annotations',
      'pave.dev/tier',
    ]);
  });

  it.each([
    ['${var.secret}', /\$\{var\.secret\} is not a Score placeholder/],
    ['${resources}', /needs a resource name/],
    ['${metadata}', /needs a metadata key/],
    ['${resources..host}', /empty part/],
    ['open ${resources.db.host', /outside a Score placeholder/],
    ['%{ if true }x%{ endif }', /Terraform interpolation or directives/],
  ])('refuses %s', (text, message) => {
    const parsed = parseScoreTemplate(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(message);
  });
});

describe('workload placeholders', () => {
  it('accepts placeholders naming resources, outputs and metadata', () => {
    const workload = parseWorkload(
      variables({
        DATABASE_URL:
          'postgresql://${resources.db.username}:${resources.db.password}@${resources.db.host}:${resources.db.port}/${resources.db.name}',
        SERVICE: '${metadata.name}',
        TIER: '${metadata.annotations.pave\\.dev/tier}',
        REGION: '${resources.env.REGION}',
        PORT: 8080,
        DEBUG: false,
      }),
    );
    expect(workload.containers.main.variables).toMatchObject({
      PORT: '8080',
      DEBUG: 'false',
    });
  });

  it.each([
    [
      { DB: '${resources.cache.host}' },
      /containers\.main\.variables\.DB: \$\{resources\.cache\.host\}: no resource named cache; the workload's resources are db, env/,
    ],
    [
      { DB: '${resources.db.hots}' },
      /variables\.DB: \$\{resources\.db\.hots\}: the postgres resource db has no output hots; its outputs are host, port, name, database, username, password/,
    ],
    [
      { DB: '${resources.db}' },
      /variables\.DB: \$\{resources\.db\}: names the whole resource db; name one of its outputs: host, port/,
    ],
    [{ DB: '${resources.db.host.name}' }, /outputs are not nested/],
    [
      { OWNER: '${metadata.owner}' },
      /\$\{metadata\.owner\}: metadata has no owner/,
    ],
    [{ KEY: '${resources.env.bad key}' }, /bad key is not a configuration key/],
  ])('refuses %j naming the field and the outputs', (vars, message) => {
    expect(errorOf(variables(vars))).toMatch(message);
  });

  it('refuses Terraform directives next to a valid placeholder', () => {
    expect(
      errorOf(
        variables({
          DB: '${resources.db.host}%{ for s in var.x }${s}%{ endfor }',
        }),
      ),
    ).toMatch(
      /variables\.DB: must not contain Terraform interpolation or directives/,
    );
    expect(
      errorOf(variables({ DB: '${resources.db.host}${var.admin_password}' })),
    ).toMatch(
      /variables\.DB: \$\{var\.admin_password\} is not a Score placeholder/,
    );
  });

  it('checks command, args and file content too', () => {
    expect(
      errorOf({
        containers: {
          main: {
            image: 'orders:1',
            args: ['-c', 'echo ${resources.queue.url}'],
          },
        },
      }),
    ).toMatch(
      /containers\.main\.args\.1: \$\{resources\.queue\.url\}: no resource named queue/,
    );
    expect(
      errorOf({
        containers: {
          main: {
            image: 'orders:1',
            files: {
              '/etc/app.conf': { content: 'host = ${resources.db.hots}\n' },
            },
          },
        },
      }),
    ).toMatch(/files\.\/etc\/app\.conf\.content: \$\{resources\.db\.hots\}/);
  });

  it('leaves noExpand file content alone', () => {
    const workload = parseWorkload({
      containers: {
        main: {
          image: 'orders:1',
          files: [
            { target: '/run.sh', content: 'echo ${HOME}\n', noExpand: true },
          ],
        },
      },
    });
    expect(workload.containers.main.files).toEqual({
      '/run.sh': { content: 'echo ${HOME}\n', noExpand: true },
    });
  });

  it('mounts volumes by naming the volume resource itself', () => {
    const resources = { data: { type: 'volume' }, db: { type: 'postgres' } };
    const mount = (source: string) => ({
      resources,
      containers: {
        main: { image: 'orders:1', volumes: { '/data': { source } } },
      },
    });
    expect(() => parseWorkload(mount('${resources.data}'))).not.toThrow();
    expect(errorOf(mount('${resources.db}'))).toMatch(
      /volumes\.\/data\.source: \$\{resources\.db\}: db is a postgres resource/,
    );
    expect(errorOf(mount('/mnt/${resources.data}'))).toMatch(
      /volumes\.\/data\.source: must be a volume resource/,
    );
  });

  it('refuses a route to a port the workload does not declare', () => {
    expect(
      errorOf({
        resources: {
          dns: { type: 'dns' },
          route: {
            type: 'route',
            params: { host: '${resources.dns.host}', port: 8080 },
          },
        },
        service: { ports: { web: { port: 3000 } } },
      }),
    ).toMatch(
      /resources\.route\.params\.port: 8080 is not one of the workload's service ports \(3000\)/,
    );
  });

  it('lists the supported types for an unknown one', () => {
    expect(
      errorOf({ resources: { search: { type: 'elasticsearch' } } }),
    ).toMatch(
      /resources\.search\.type: "elasticsearch" is not a resource type Pave provisions; supported: postgres, mysql, redis, queue, topic, s3, amqp, service, dns, route, volume, environment/,
    );
  });

  it('refuses files Pave cannot read', () => {
    expect(
      errorOf({
        containers: {
          main: {
            image: 'orders:1',
            files: { '/fileA.txt': { mode: '0644', source: 'fileA.txt' } },
          },
        },
      }),
    ).toMatch(
      /files\.\/fileA\.txt\.source: Pave receives score\.yaml without the files next to it/,
    );
  });
});
