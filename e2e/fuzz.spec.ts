import { APIRequestContext, APIResponse, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { ESCAPE_SENTINEL, eachHostileString } from './hostileStrings';
import { guestToken } from './signIn';

/**
 * Every Pave route, fed the hostile corpus in each of its free-text inputs,
 * against the real backend: a 4xx naming the field, or a 2xx with the value
 * stored and echoed back exactly; never a 5xx, and never a file outside a
 * workspace.
 */

const TOKEN = process.env.PAVE_API_TOKEN;
const headers = { Authorization: `Bearer ${TOKEN}` };
/** A signed-in person: the wizard's check judges its caller. */
const guest: Record<string, string> = {};

/** A URL component; a lone surrogate goes as its (invalid) UTF-8 bytes. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value
      .split(/([\ud800-\udfff])/)
      .map((part, i) => (i % 2 ? '%ED%A0%80' : encodeURIComponent(part)))
      .join('');
  }
}

const workload = (patch: (w: any) => void) => {
  const w: any = {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'fuzz', annotations: { note: 'n' } },
    containers: {
      main: {
        image: 'registry.example.com/fuzz:0.1.0',
        variables: { GREETING: 'hello' },
      },
    },
    resources: { db: { type: 'postgres', class: 'small' } },
  };
  patch(w);
  return w;
};

const planRequest = (
  patch: (w: any) => void = () => {},
  ownership: Record<string, string> = {},
  environments = ['prod'],
) => ({
  workload: workload(patch),
  ownership: {
    owner: 'group:default/payments',
    costCenter: 'CC-2100',
    ...ownership,
  },
  environments,
});

const wizard = (patch: Record<string, unknown>) => ({
  template: 'node-http-service',
  name: 'fuzz',
  owner: 'group:default/payments',
  system: 'system:default/payments-platform',
  resources: [{ name: 'db', type: 'postgres', size: 'small' }],
  environments: ['dev', 'prod'],
  ...patch,
});

interface Target {
  /** Route and input, as the report names it. */
  name: string;
  /** A path segment: an empty one is another URL, not a value. */
  inPath?: boolean;
  /** A JSON body string: newlines are text there unless the field says no. */
  inBody?: boolean;
  /** A 2xx that refuses the value, naming the field (a rejected CSV row). */
  refusedInReport?(body: any): boolean;
  /** What a 4xx must name. */
  field: RegExp;
  send(request: APIRequestContext, value: string): Promise<APIResponse>;
  /** Where a 2xx answer holds the value, when it keeps it. */
  echo?(body: any): unknown;
}

const get = (path: string) => (request: APIRequestContext) =>
  request.get(path, { headers });

const targets: Target[] = [
  // Audit
  ...['entityRef', 'actor', 'eventId', 'plugin', 'cursor'].map(
    (param): Target => ({
      name: `GET /api/audit/events?${param}`,
      field: new RegExp(`\\b${param}\\b`),
      send: (request, v) =>
        get(`/api/audit/events?${param}=${encode(v)}`)(request),
    }),
  ),
  {
    name: 'GET /api/audit/events/export?actor',
    field: /\bactor\b/,
    send: (request, v) =>
      get(`/api/audit/events/export?actor=${encode(v)}`)(request),
  },
  // Cost
  {
    name: 'GET /api/cost/entities/:ref',
    inPath: true,
    // A well-formed ref to nothing is a 404 naming it.
    field: /^(path segment|entity: )|is not in the catalog/,
    send: (request, v) => get(`/api/cost/entities/${encode(v)}`)(request),
  },
  {
    name: 'GET /api/cost/groups/:ref',
    inPath: true,
    field: /^(path segment|group: )|is not in the catalog/,
    send: (request, v) => get(`/api/cost/groups/${encode(v)}`)(request),
  },
  {
    name: 'POST /api/cost/entities/:ref/estimates cause.detail',
    inBody: true,
    field: /cause\.detail/,
    send: (request, v) =>
      request.post(
        `/api/cost/entities/${encode(
          'component:default/kyc-service',
        )}/estimates`,
        {
          headers,
          data: { request: planRequest(), cause: { kind: 'api', detail: v } },
        },
      ),
    echo: body => body.cause.detail,
  },
  {
    name: 'POST /api/cost/estimate workload annotation',
    inBody: true,
    field: /annotations\.note/,
    send: (request, v) =>
      request.post('/api/cost/estimate', {
        headers,
        data: planRequest(w => {
          w.metadata.annotations.note = v;
        }),
      }),
  },
  {
    name: 'POST /api/cost/actuals/focus?source',
    field: /\bsource\b/,
    send: (request, v) =>
      request.post(`/api/cost/actuals/focus?source=${encode(v)}`, {
        headers: { ...headers, 'Content-Type': 'text/csv' },
        data: 'BillingCurrency,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,ProviderName,Tags\n',
      }),
  },
  {
    // A CSV cell: its row is rejected with the column named, or ingested.
    name: 'POST /api/cost/actuals/focus Tags.service',
    field: /Tags/,
    refusedInReport: report =>
      report.rowsRejected === 1 && /^Tags: /.test(report.errors[0].message),
    send: (request, v) =>
      request.post('/api/cost/actuals/focus?source=fuzz.csv', {
        headers: { ...headers, 'Content-Type': 'text/csv' },
        data: [
          'BillingCurrency,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,ProviderName,Tags',
          `USD,2026-01-01T00:00:00Z,2026-01-02T00:00:00Z,1.00,AWS,"${JSON.stringify(
            { service: v },
          ).replace(/"/g, '""')}"`,
        ].join('\n'),
      }),
  },
  {
    name: 'GET /api/cost/actuals/ingests?entityRef',
    field: /entityRef|query/,
    send: (request, v) =>
      get(`/api/cost/actuals/ingests?entityRef=${encode(v)}`)(request),
  },
  // Environments
  {
    name: 'GET /api/environments/deployments?entityRef',
    field: /entityRef/,
    send: (request, v) =>
      get(`/api/environments/deployments?entityRef=${encode(v)}`)(request),
  },
  {
    name: 'GET /api/environments/deployments/:id',
    inPath: true,
    field: /path segment|deployment/i,
    send: (request, v) =>
      get(`/api/environments/deployments/${encode(v)}`)(request),
  },
  {
    name: 'GET /api/environments/deployments/:id/logs?lines',
    inPath: true,
    field: /path segment|deployment|lines/i,
    send: (request, v) =>
      get(`/api/environments/deployments/${encode(v)}/logs?lines=${encode(v)}`)(
        request,
      ),
  },
  {
    name: 'POST /api/environments/deployments/:id/extend',
    inPath: true,
    field: /path segment|deployment/i,
    send: (request, v) =>
      request.post(`/api/environments/deployments/${encode(v)}/extend`, {
        headers,
        data: { hours: 1 },
      }),
  },
  {
    name: 'DELETE /api/environments/deployments/:id',
    inPath: true,
    field: /path segment|deployment/i,
    send: (request, v) =>
      request.delete(`/api/environments/deployments/${encode(v)}`, {
        headers,
      }),
  },
  // Template upgrades
  ...(
    [
      ['status', 'entityRef'],
      ['templates', 'template'],
      ['change-requests', 'entityRef'],
    ] as const
  ).map(
    ([route, param]): Target => ({
      name: `GET /api/upgrades/${route}?${param}`,
      field: new RegExp(`\\b${param}\\b`),
      send: (request, v) =>
        get(`/api/upgrades/${route}?${param}=${encode(v)}`)(request),
    }),
  ),
  ...(
    ['change-requests/:id', 'change-requests/:id/diff', 'bulk/:id'] as const
  ).map(
    (route): Target => ({
      name: `GET /api/upgrades/${route}`,
      inPath: true,
      field: /path segment|change request|bulk upgrade/i,
      send: (request, v) =>
        get(`/api/upgrades/${route.replace(':id', encode(v))}`)(request),
    }),
  ),
  ...(['entityRef', 'toVersion'] as const).map(
    (field): Target => ({
      name: `POST /api/upgrades/change-requests ${field}`,
      inBody: true,
      // A well-formed ref to nothing is a 404 naming it.
      field: new RegExp(`\\b${field}\\b`),
      send: (request, v) =>
        request.post('/api/upgrades/change-requests', {
          headers,
          data: { entityRef: 'component:default/fuzz-none', [field]: v },
        }),
    }),
  ),
  ...(['template', 'toVersion'] as const).map(
    (field): Target => ({
      name: `POST /api/upgrades/bulk ${field}`,
      inBody: true,
      field: new RegExp(`\\b${field}\\b`),
      send: (request, v) =>
        request.post('/api/upgrades/bulk', {
          headers,
          data: { template: 'template:default/fuzz-none', [field]: v },
        }),
    }),
  ),
  ...['entityRef', 'environment', 'branch'].map(
    (field): Target => ({
      name: `POST /api/environments/deployments ${field}`,
      inBody: true,
      field: new RegExp(`\\b${field}\\b`),
      send: (request, v) =>
        request.post('/api/environments/deployments', {
          headers,
          data: {
            entityRef: 'component:default/fuzz-none',
            environment: 'local',
            [field]: v,
          },
        }),
    }),
  ),
  // Infra
  ...(
    [
      ['metadata.name', (w: any, v: string) => (w.metadata.name = v)],
      [
        'metadata.annotations.note',
        (w: any, v: string) => (w.metadata.annotations.note = v),
      ],
      [
        'containers.main.image',
        (w: any, v: string) => (w.containers.main.image = v),
      ],
      [
        'containers.main.variables.GREETING',
        (w: any, v: string) => (w.containers.main.variables.GREETING = v),
      ],
      ['resources.db.type', (w: any, v: string) => (w.resources.db.type = v)],
      ['resources.db.class', (w: any, v: string) => (w.resources.db.class = v)],
    ] as const
  ).flatMap(([path, set]) =>
    ['plan', 'synth'].map(
      (route): Target => ({
        name: `POST /api/infra/${route} workload.${path}`,
        inBody: true,
        field: new RegExp(path.replace(/\./g, '\\.')),
        send: (request, v) =>
          request.post(`/api/infra/${route}`, {
            headers,
            data: planRequest(w => set(w, v)),
          }),
      }),
    ),
  ),
  ...['owner', 'costCenter'].map(
    (field): Target => ({
      name: `POST /api/infra/plan ownership.${field}`,
      inBody: true,
      field: new RegExp(`ownership\\.${field}`),
      send: (request, v) =>
        request.post('/api/infra/plan', {
          headers,
          data: planRequest(undefined, { [field]: v }),
        }),
    }),
  ),
  {
    name: 'POST /api/infra/plan environments[0]',
    inBody: true,
    field: /environments/,
    send: (request, v) =>
      request.post('/api/infra/plan', {
        headers,
        data: planRequest(undefined, {}, [v]),
      }),
  },
  // Policy
  {
    name: 'GET /api/policy/compliance/component/default/:name',
    inPath: true,
    field: /^(path segment|entity: )|is not in the catalog/,
    send: (request, v) =>
      get(`/api/policy/compliance/component/default/${encode(v)}`)(request),
  },
  ...(
    [
      [
        'principal.userEntityRef',
        (v: string) => ({ principal: { userEntityRef: v, groups: [] } }),
      ],
      [
        'principal.groups',
        (v: string) => ({
          principal: { userEntityRef: 'user:default/ada', groups: [v] },
        }),
      ],
      ['action', (v: string) => ({ action: v })],
    ] as const
  ).map(
    ([field, patch]): Target => ({
      name: `POST /api/policy/evaluate ${field}`,
      inBody: true,
      field: new RegExp(field.replace(/\./g, '\\.')),
      send: (request, v) =>
        request.post('/api/policy/evaluate', {
          headers,
          data: {
            principal: {
              userEntityRef: 'user:default/ada',
              groups: ['group:default/payments'],
            },
            action: 'infra.provision',
            resources: [],
            ...patch(v),
          },
        }),
    }),
  ),
  ...['name', 'owner', 'system', 'template'].map(
    (field): Target => ({
      name: `POST /api/policy/template-check ${field}`,
      inBody: true,
      field: new RegExp(`\\b${field}\\b`),
      send: (request, v) =>
        request.post('/api/policy/template-check', {
          headers: guest,
          data: wizard({ [field]: v }),
        }),
    }),
  ),
  {
    name: 'POST /api/policy/template-check resources[0].name',
    inBody: true,
    field: /resources/,
    send: (request, v) =>
      request.post('/api/policy/template-check', {
        headers: guest,
        data: wizard({ resources: [{ name: v, type: 'postgres' }] }),
      }),
  },
];

test('every Pave route answers hostile input with a 4xx naming the field, or keeps it exactly', async ({
  request,
}) => {
  test.setTimeout(600_000);
  expect(TOKEN, 'scripts/test.sh exports PAVE_API_TOKEN').toBeTruthy();
  guest.Authorization = `Bearer ${await guestToken(request)}`;
  const failures: string[] = [];
  const counts = { requests: 0, refused: 0, accepted: 0 };
  for (const target of targets) {
    for (const hostile of eachHostileString()) {
      const { label, value } = hostile;
      if (target.inPath && value === '') continue;
      const refused = target.inBody ? hostile.refusedInBody : hostile.refused;
      const res = await target.send(request, value);
      counts.requests++;
      const status = res.status();
      const text = await res.text();
      const where = `${target.name} ← ${label}: ${status} ${JSON.stringify(
        text.slice(0, 300),
      )}`;
      if (status >= 500) {
        failures.push(`5xx: ${where}`);
      } else if (status >= 400) {
        counts.refused++;
        let message = '';
        try {
          message = JSON.parse(text).error?.message ?? '';
        } catch {
          // Not JSON: reported below as not naming the field.
        }
        if (!target.field.test(message)) {
          failures.push(`4xx not naming ${target.field}: ${where}`);
        }
      } else if (target.refusedInReport?.(JSON.parse(text))) {
        counts.refused++;
      } else {
        counts.accepted++;
        if (refused) {
          failures.push(`accepted a value the rule refuses: ${where}`);
        } else if (target.echo) {
          const echoed = target.echo(JSON.parse(text));
          if (echoed !== value) {
            failures.push(
              `stored ${JSON.stringify(echoed)}, not the value: ${where}`,
            );
          }
        }
      }
    }
  }
  console.log(
    `fuzz: ${targets.length} inputs, ${counts.requests} requests, ${counts.refused} refused, ${counts.accepted} accepted`,
  );
  expect(failures).toEqual([]);
  expect(existsSync(ESCAPE_SENTINEL), 'a file outside its workspace').toBe(
    false,
  );
  const ready = await request.get('/.backstage/health/v1/readiness');
  expect(ready.status()).toBe(200);
});

test('a JSON body that is not UTF-8 is refused by every route that takes one', async ({
  request,
}) => {
  // {"a":"<0xff 0xfe>"}
  const body = Buffer.from([
    0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d,
  ]);
  for (const path of [
    '/api/cost/estimate',
    '/api/environments/deployments',
    '/api/infra/plan',
    '/api/policy/evaluate',
    '/api/policy/template-check',
  ]) {
    const res = await request.post(path, {
      headers: { ...headers, 'Content-Type': 'application/json' },
      data: body,
    });
    expect(res.status(), path).toBe(400);
    expect((await res.json()).error.message, path).toBe(
      'body: must be valid UTF-8',
    );
  }
});
