import { expect, test } from '@playwright/test';
import { guestToken } from './signIn';

/**
 * The REST API as scripts and the `pave` CLI see it: every call is
 * authenticated, the static token works, and Pave's permission policy decides.
 */

const TOKEN = process.env.PAVE_API_TOKEN;

test('a call without a token is refused with 401', async ({ request }) => {
  for (const path of [
    '/api/catalog/entities',
    '/api/catalog/locations',
    '/api/scaffolder/v2/tasks',
  ]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(401);
  }
  const bad = await request.get('/api/catalog/entities', {
    headers: { Authorization: 'Bearer not-the-token-at-all-0123456789' },
  });
  expect(bad.status()).toBe(401);
});

test('the static token reads the catalog', async ({ request }) => {
  expect(TOKEN, 'scripts/test.sh exports PAVE_API_TOKEN').toBeTruthy();
  const res = await request.get(
    '/api/catalog/entities/by-query?filter=kind=component&limit=100',
    { headers: { Authorization: `Bearer ${TOKEN}` } },
  );
  expect(res.status()).toBe(200);
  const names = (await res.json()).items.map(
    (e: { metadata: { name: string } }) => e.metadata.name,
  );
  expect(names).toEqual(
    expect.arrayContaining(['payments-gateway', 'kyc-service', 'pave-portal']),
  );
});

test('the guest is a payments developer: may read, may not register locations', async ({
  request,
}) => {
  const token = await guestToken(request);
  const headers = { Authorization: `Bearer ${token}` };

  const me = await request.get(
    '/api/catalog/entities/by-name/user/default/guest',
    { headers },
  );
  expect(me.status()).toBe(200);

  const register = await request.post('/api/catalog/locations', {
    headers,
    data: {
      type: 'url',
      target: 'https://git.example.com/payments/new/catalog-info.yaml',
    },
  });
  expect(register.status()).toBe(403);
});

test('the infra API plans a workload for the configured environments', async ({
  request,
}) => {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const body = {
    workload: {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'refunds' },
      containers: { main: { image: 'registry.example.com/refunds:0.1.0' } },
      resources: {
        db: { type: 'postgres', class: 'small' },
        jobs: { type: 'queue' },
      },
    },
    ownership: { owner: 'group:default/payments', costCenter: 'CC-2100' },
    environments: ['dev', 'prod', 'preview-pr-1'],
  };
  const plan = await request.post('/api/infra/plan', { headers, data: body });
  expect(plan.status()).toBe(200);
  const environments = (await plan.json()).environments;
  expect(
    environments.map((e: { environment: string }) => e.environment),
  ).toEqual(['dev', 'prod', 'preview-pr-1']);
  const prodDb = environments[1].resources.find(
    (r: { address: string }) => r.address === 'aws_db_instance.db',
  );
  expect(prodDb).toMatchObject({
    sku: 'db.m7g.large',
    highAvailability: true,
    deletionProtection: true,
    backupRetentionDays: 30,
  });

  const bad = await request.post('/api/infra/plan', {
    headers,
    data: { ...body, environments: ['qa'] },
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain(
    'environments.0: unknown environment "qa"',
  );

  const anonymous = await request.post('/api/infra/plan', { data: body });
  expect(anonymous.status()).toBe(401);
});

test('the policy API judges a plan from the infra API with the baseline pack', async ({
  request,
}) => {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const plan = await request.post('/api/infra/plan', {
    headers,
    data: {
      workload: {
        apiVersion: 'score.dev/v1b1',
        metadata: { name: 'refunds' },
        containers: { main: { image: 'registry.example.com/refunds:0.1.0' } },
        resources: { db: { type: 'postgres' } },
      },
      ownership: {
        owner: 'group:default/payments',
        costCenter: 'CC-2100',
        dataClassification: 'internal',
      },
      environments: ['prod'],
    },
  });
  const [prod] = (await plan.json()).environments;
  const db = { type: 'infra-resource', ...prod.resources[0] };
  const principal = {
    userEntityRef: 'user:default/tom.becker',
    groups: ['group:default/payments'],
  };

  const allowed = await request.post('/api/policy/evaluate', {
    headers,
    data: { principal, action: 'infra.provision', resources: [db] },
  });
  expect(allowed.status()).toBe(200);
  expect((await allowed.json()).decision).toBe('allow');

  // The same database without high availability breaks a production rule.
  const denied = await request.post('/api/policy/evaluate', {
    headers,
    data: {
      principal,
      action: 'infra.provision',
      resources: [{ ...db, highAvailability: false }],
    },
  });
  const verdict = await denied.json();
  expect(verdict.decision).toBe('deny');
  expect(verdict.violations).toHaveLength(1);
  expect(verdict.violations[0].severity).toBe('deny');

  const policies = await request.get('/api/policy/policies', { headers });
  expect(policies.status()).toBe(200);
});

test('template-check gives the wizard, the task and the CLI one verdict', async ({
  request,
}) => {
  const headers = { Authorization: `Bearer ${await guestToken(request)}` };
  const wizard = {
    template: 'node-http-service',
    name: 'refunds',
    owner: 'group:default/payments',
    system: 'system:default/payments-platform',
    dataClassification: 'confidential',
    resources: [{ name: 'db', type: 'postgres', size: 'small' }],
    environments: ['dev', 'prod'],
  };
  const allowed = await request.post('/api/policy/template-check', {
    headers,
    data: wizard,
  });
  expect(allowed.status()).toBe(200);
  const verdict = await allowed.json();
  expect(verdict.decision).toBe('allow');
  // Looked up in the catalog, not taken from the caller.
  expect(verdict.template).toEqual({
    ref: 'template:default/node-http-service',
    tags: ['typescript', 'http', 'recommended'],
  });
  expect(verdict.costCenter).toMatch(/^CC-\d+$/);
  expect(verdict.plans.map((p: any) => p.environment)).toEqual(['dev', 'prod']);

  const denied = await request.post('/api/policy/template-check', {
    headers,
    data: { ...wizard, system: undefined },
  });
  const deniedVerdict = await denied.json();
  expect(deniedVerdict.decision).toBe('deny');
  expect(deniedVerdict.violations).toContainEqual(
    expect.objectContaining({
      policyId: 'service-system-required',
      field: 'system',
    }),
  );

  const bad = await request.post('/api/policy/template-check', {
    headers,
    data: { ...wizard, name: 'refunds; rm -rf /' },
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(
    /^Invalid template check: name: /,
  );
});

test('the compliance API judges a seeded component per environment', async ({
  request,
}) => {
  const headers = { Authorization: `Bearer ${await guestToken(request)}` };
  const res = await request.get(
    '/api/policy/compliance/component/default/payments-gateway',
    { headers },
  );
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.service.decision).toBe('allow');
  expect(body.environments).toEqual([
    expect.objectContaining({
      environment: 'prod',
      resources: ['resource:default/payments-db'],
      verdict: expect.objectContaining({ decision: 'allow' }),
    }),
  ]);
});

test('only the platform team reloads the policies', async ({ request }) => {
  const guest = await request.post('/api/policy/reload', {
    headers: { Authorization: `Bearer ${await guestToken(request)}` },
  });
  expect(guest.status()).toBe(403);
  const anonymous = await request.post('/api/policy/reload');
  expect(anonymous.status()).toBe(401);
});

test('the cost API prices a workload before anything is created', async ({
  request,
}) => {
  const headers = { Authorization: `Bearer ${await guestToken(request)}` };
  const body = {
    workload: {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'refunds' },
      containers: {
        main: {
          image: 'registry.example.com/refunds:0.1.0',
          resources: { requests: { cpu: '500m', memory: '512Mi' } },
        },
      },
      resources: { db: { type: 'postgres' }, jobs: { type: 'queue' } },
    },
    ownership: { owner: 'group:default/payments', costCenter: 'CC-2100' },
    environments: ['dev', 'prod'],
  };
  const res = await request.post('/api/cost/estimate', { headers, data: body });
  expect(res.status()).toBe(200);
  const estimate = await res.json();
  expect(estimate.currency).toBe('USD');
  expect(estimate.complete).toBe(true);
  // Some catalog prices are not checked yet, and the answer says so.
  expect(estimate.includesUnverifiedPrices).toBe(true);
  const [dev, prod] = estimate.environments;
  expect([dev.environment, prod.environment]).toEqual(['dev', 'prod']);
  // Production's highly available, larger database costs more than dev's.
  expect(prod.monthlyUsd).toBeGreaterThan(dev.monthlyUsd);
  expect(estimate.monthlyUsd).toBeCloseTo(dev.monthlyUsd + prod.monthlyUsd, 2);
  // The service's own pods: half a core, two replicas in prod.
  const vcpu = (env: { lineItems: any[] }) =>
    env.lineItems.find(
      i => i.address === 'containers.main' && i.component === 'vcpu',
    );
  expect(vcpu(dev).quantity).toBe(365);
  expect(vcpu(prod).quantity).toBe(730);

  // A container that states no requests cannot be priced: it says so.
  const { resources: _resources, ...bare } = body.workload.containers.main;
  const unsized = await request.post('/api/cost/estimate', {
    headers,
    data: {
      ...body,
      workload: { ...body.workload, containers: { main: bare } },
    },
  });
  const partial = await unsized.json();
  expect(partial.complete).toBe(false);
  expect(partial.environments[0].unpriced).toEqual([
    expect.objectContaining({
      address: 'containers.main',
      reason: expect.stringContaining(
        'states no resources.requests.cpu or memory',
      ),
    }),
  ]);

  const bad = await request.post('/api/cost/estimate', {
    headers,
    data: { plans: [{ environment: 'dev' }] },
  });
  expect(bad.status()).toBe(400);
  const anonymous = await request.post('/api/cost/estimate', { data: body });
  expect(anonymous.status()).toBe(401);
});
