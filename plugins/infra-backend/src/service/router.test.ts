import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { infraPlugin } from '../plugin';

const config = {
  pave: {
    infra: {
      environments: {
        dev: {
          type: 'dev',
          target: {
            cloud: 'aws',
            region: 'eu-west-1',
            accountId: '111111111111',
            subnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'],
            securityGroupIds: ['sg-0a1b2c3d'],
          },
        },
        prod: {
          type: 'prod',
          target: {
            cloud: 'gcp',
            region: 'europe-west1',
            projectId: 'meridian-prod',
            network: 'projects/meridian-net/global/networks/shared',
          },
        },
      },
      previewTarget: {
        cloud: 'aws',
        region: 'eu-west-1',
        accountId: '111111111111',
        subnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'],
        securityGroupIds: ['sg-0a1b2c3d'],
      },
    },
  },
};

const body = {
  workload: {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'orders' },
    containers: { main: { image: 'orders:1.0.0' } },
    resources: { db: { type: 'postgres' }, files: { type: 's3' } },
  },
  ownership: { owner: 'group:default/payments', costCenter: 'CC-2100' },
  environments: ['dev', 'prod', 'preview-pr-7'],
};

async function start(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  data: object = config,
) {
  const { server } = await startTestBackend({
    features: [
      infraPlugin,
      mockServices.rootConfig.factory({ data }),
      mockServices.permissions.factory({ result }),
    ],
  });
  return server;
}

describe('infra router', () => {
  it('plans every requested environment on its own cloud', async () => {
    const res = await request(await start())
      .post('/api/infra/plan')
      .send(body);
    expect(res.status).toBe(200);
    const plans = res.body.environments;
    expect(
      plans.map((p: any) => [p.environment, p.cloud, p.environmentType]),
    ).toEqual([
      ['dev', 'aws', 'dev'],
      ['prod', 'gcp', 'prod'],
      ['preview-pr-7', 'aws', 'preview'],
    ]);
    const prodDb = plans[1].resources.find(
      (r: any) => r.workloadResource === 'db',
    );
    expect(prodDb).toMatchObject({
      terraformType: 'google_sql_database_instance',
      highAvailability: true,
      backupRetentionDays: 30,
    });
  });

  it('synthesizes Terraform JSON per environment', async () => {
    const res = await request(await start())
      .post('/api/infra/synth')
      .send({ ...body, environments: ['dev'] });
    expect(res.status).toBe(200);
    const [dev] = res.body.environments;
    const tf = JSON.parse(dev.files['infra/dev/cdk.tf.json']);
    expect(Object.keys(tf.resource)).toContain('aws_db_instance');
  });

  it('answers 401 without credentials and 403 when the policy denies', async () => {
    const anonymous = await request(await start())
      .post('/api/infra/plan')
      .set('Authorization', mockCredentials.none.header())
      .send(body);
    expect(anonymous.status).toBe(401);
    const denied = await request(await start(AuthorizeResult.DENY))
      .post('/api/infra/plan')
      .send(body);
    expect(denied.status).toBe(403);
  });

  it.each([
    [
      { ...body, environments: ['qa'] },
      /environments\.0: unknown environment "qa"; configured: dev, prod or preview-<id>/,
    ],
    [
      { ...body, environments: [] },
      /environments: must name at least one environment/,
    ],
    [
      {
        ...body,
        workload: { ...body.workload, resources: { db: { type: 'oracle' } } },
      },
      /workload\.resources\.db\.type: /,
    ],
    [
      {
        ...body,
        ownership: { owner: 'group:default/payments', costCenter: '${var.x}' },
      },
      /ownership\.costCenter: must look like CC-2100/,
    ],
    [{ ...body, extra: true }, /Unrecognized key.*extra/],
  ])(
    'refuses a bad body with 400 naming the field (%#)',
    async (bad, message) => {
      const res = await request(await start())
        .post('/api/infra/plan')
        .send(bad);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    },
  );

  it("plans the Score project's published examples, read as files, in every environment app-config.yaml configures", async () => {
    const root = path.resolve(__dirname, '../../../..');
    const appConfig = yaml.parse(
      fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
    );
    const server = await start(AuthorizeResult.ALLOW, {
      pave: { infra: appConfig.pave.infra },
    });
    const fixtures = path.join(
      root,
      'plugins/infra-node/src/__fixtures__/score',
    );
    const files = fs
      .readdirSync(fixtures)
      .filter(f => f.endsWith('.score.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const workload = yaml.parse(
        fs.readFileSync(path.join(fixtures, file), 'utf8'),
      );
      const res = await request(server)
        .post('/api/infra/plan')
        .send({
          workload,
          ownership: body.ownership,
          environments: ['dev', 'staging', 'prod', 'preview-pr-7'],
        });
      expect({
        file,
        status: res.status,
        error: res.body.error?.message,
      }).toEqual({
        file,
        status: 200,
        error: undefined,
      });
      expect(res.body.environments).toHaveLength(4);
    }
  });

  it('answers 400 naming the field and the outputs that exist for a wrong placeholder', async () => {
    const res = await request(await start())
      .post('/api/infra/plan')
      .send({
        ...body,
        workload: {
          ...body.workload,
          containers: {
            main: {
              image: 'orders:1',
              variables: { DB: '${resources.db.hostname}' },
            },
          },
        },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /workload\.containers\.main\.variables\.DB: \$\{resources\.db\.hostname\}: the postgres resource db has no output hostname; its outputs are host, port, name, database, username, password/,
    );
  });

  it("answers 400 for an output one environment's cloud does not offer", async () => {
    const res = await request(await start())
      .post('/api/infra/plan')
      .send({
        ...body,
        workload: {
          ...body.workload,
          containers: {
            main: {
              image: 'orders:1',
              variables: { PW: '${resources.db.password}' },
            },
          },
        },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /environment prod \(gcp\): containers\.main\.variables\.PW: \$\{resources\.db\.password\}: postgres output password is not offered on gcp: Cloud SQL here accepts IAM database authentication only/,
    );
  });

  it('refuses an oversize body with 413', async () => {
    const huge = { ...body, padding: 'x'.repeat(2 * 1024 * 1024) };
    const res = await request(await start())
      .post('/api/infra/plan')
      .send(huge);
    expect(res.status).toBe(413);
  });
});
