import {
  BackstageCredentials,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  AuditRecord,
  auditReadAllPermission,
  auditReadPermission,
} from '@pave/plugin-audit-common';
import {
  auditEntityConditions,
  auditorServiceFactory,
  createAuditEntityConditionalDecision,
  REDACTED,
} from '@pave/plugin-audit-node';
import { Router } from 'express';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { auditPlugin } from '../plugin';

const TOM = 'user:default/tom.becker'; // payments, owns orders
const JANE = 'user:default/jane.doe'; // search
const AMARA = 'user:default/amara.okafor'; // platform
const GROUPS: Record<string, string[]> = {
  [TOM]: ['group:default/payments'],
  [JANE]: ['group:default/search'],
  [AMARA]: ['group:default/platform'],
};
const ORDERS = 'component:default/orders';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', namespace: 'default' },
    spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
  },
];

/**
 * Pave's policy for the audit permissions, as the platform team configures
 * it: the platform group reads everything; everyone else reads the trail of
 * what they own, conditionally.
 */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const claimsOf = (credentials: BackstageCredentials) => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return [ref, ...(GROUPS[ref] ?? [])];
    };
    return {
      async authorize(requests, { credentials }) {
        return requests.map(({ permission }) => ({
          result:
            isPermission(permission, auditReadAllPermission) &&
            claimsOf(credentials).includes('group:default/platform')
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }));
      },
      async authorizeConditional(requests, { credentials }) {
        return requests.map(({ permission }) =>
          isPermission(permission, auditReadPermission)
            ? createAuditEntityConditionalDecision(
                auditReadPermission,
                auditEntityConditions.isEntityOwner({
                  claims: claimsOf(credentials),
                }),
              )
            : { result: AuthorizeResult.DENY },
        ) as any;
      },
    };
  },
});

/** A plugin whose route is audited like the catalog's and the scaffolder's. */
const ordersPlugin = createBackendPlugin({
  pluginId: 'orders',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        httpRouter: coreServices.httpRouter,
      },
      async init({ auditor, httpRouter }) {
        httpRouter.use(
          Router().post('/deploy/:name', async (req, res) => {
            const event = await auditor.createEvent({
              eventId: 'deploy',
              severityLevel: 'high',
              request: req,
              meta: {
                entityRef: `component:default/${req.params.name}`,
                password: 'do-not-keep',
              },
            });
            if (req.query.fail) {
              await event.fail({ error: new Error('rollout failed') });
              res.status(500).end();
            } else {
              await event.success();
              res.status(201).end();
            }
          }),
        );
      },
    });
  },
});

describe('audit router', () => {
  let dir: string;
  let server: any;
  let stop: () => Promise<void>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-router-'));
    const backend = await startTestBackend({
      features: [
        auditPlugin,
        ordersPlugin,
        auditorServiceFactory,
        permissionsFactory,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: { pave: { audit: { spoolDirectory: dir } } },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterEach(async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  });

  const as = (user: string) => mockCredentials.user.header(user);
  const get = (path: string, user = TOM) =>
    request(server).get(`/api/audit${path}`).set('Authorization', as(user));
  async function deploy(count: number, name = 'orders') {
    for (let i = 0; i < count; i++) {
      await request(server)
        .post(`/api/orders/deploy/${name}${i % 3 === 2 ? '?fail=1' : ''}`)
        .set('Authorization', as(TOM));
    }
  }

  it('shows an owner the trail of their entity: who, what, outcome, secrets redacted', async () => {
    await deploy(3);
    const res = await get(`/events?entityRef=${ORDERS}`);
    expect(res.status).toBe(200);
    const items: AuditRecord[] = res.body.items;
    expect(items.map(r => r.status)).toEqual([
      'failed',
      'initiated',
      'succeeded',
      'initiated',
      'succeeded',
      'initiated',
    ]);
    expect(items[0]).toMatchObject({
      plugin: 'orders',
      eventId: 'deploy',
      severity: 'high',
      error: 'Error: rollout failed',
      actor: { type: 'user', id: TOM },
      request: { method: 'POST', path: '/api/orders/deploy/orders?fail=1' },
      entityRefs: [ORDERS],
      meta: { entityRef: ORDERS, password: REDACTED },
    });
    expect(items[0].seq).toBeGreaterThan(items[1].seq);
    expect(res.body.nextCursor).toBeUndefined();
  });

  it('pages with an opaque cursor', async () => {
    await deploy(4);
    const first = await get(`/events?entityRef=${ORDERS}&limit=3`);
    expect(first.body.items).toHaveLength(3);
    const second = await get(
      `/events?entityRef=${ORDERS}&limit=3&cursor=${first.body.nextCursor}`,
    );
    const third = await get(
      `/events?entityRef=${ORDERS}&limit=3&cursor=${second.body.nextCursor}`,
    );
    const seqs = [first, second, third].flatMap(r =>
      r.body.items.map((i: AuditRecord) => i.seq),
    );
    expect(seqs).toHaveLength(8);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    expect(third.body.nextCursor).toBeUndefined();
    const asc = await get(`/events?entityRef=${ORDERS}&order=asc&limit=2`);
    expect(asc.body.items.map((i: AuditRecord) => i.seq)).toEqual([
      seqs[7],
      seqs[6],
    ]);
  });

  it("refuses another team's trail and the whole trail to non-platform users", async () => {
    await deploy(1);
    const other = await get(`/events?entityRef=${ORDERS}`, JANE);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain(ORDERS);
    expect((await get('/events', TOM)).status).toBe(403);
    expect((await get('/events/export', JANE)).status).toBe(403);
  });

  it('lets the platform team read everything, and filter it', async () => {
    await deploy(2);
    await deploy(1, 'billing');
    const all = await get('/events', AMARA);
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(6);
    const billing = await get(
      '/events?entityRef=component:default/billing',
      AMARA,
    );
    // The catalog does not know billing (any more); its trail stays readable.
    expect(billing.body.items.map((i: AuditRecord) => i.status)).toEqual([
      'succeeded',
      'initiated',
    ]);
    const failed = await get('/events?status=failed&plugin=orders', AMARA);
    expect(failed.body.items).toEqual([]);
    const byActor = await get(`/events?actor=${TOM}&eventId=deploy`, AMARA);
    expect(byActor.body.items).toHaveLength(6);
  });

  it('answers an unknown entity with an empty page', async () => {
    const res = await get('/events?entityRef=component:default/ghost');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });

  it.each([
    ['status=maybe', 'status:'],
    ['limit=0', 'limit:'],
    ['limit=501', 'limit:'],
    ['limit=ten', 'limit:'],
    ['from=yesterday', 'from:'],
    ['from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'to:'],
    ['entityRef=not a ref', 'entityRef:'],
    ['cursor=!!', 'cursor:'],
    [`cursor=${Buffer.from('desc:x').toString('base64url')}`, 'cursor:'],
    [
      `cursor=${Buffer.from('desc:5').toString('base64url')}&order=asc`,
      'cursor:',
    ],
    ['plugin=a&plugin=b', 'plugin:'],
    ['entity=component:default/orders', 'entity: unknown query parameter'],
  ])('rejects %s with a 400 naming the parameter', async (query, prefix) => {
    const res = await get(`/events?${query}`, AMARA);
    expect(res.status).toBe(400);
    expect(res.body.error.message.startsWith(prefix)).toBe(true);
  });

  it('has no write path', async () => {
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const res = await request(server)
        [method]('/api/audit/events')
        .set('Authorization', as(AMARA))
        .send({ eventId: 'forged' });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    const res = await request(server)
      .delete('/api/audit/events/1')
      .set('Authorization', as(AMARA));
    expect(res.status).toBe(404);
  });

  it('requires a signed-in caller', async () => {
    for (const path of [`/events?entityRef=${ORDERS}`, '/verify']) {
      const res = await request(server)
        .get(`/api/audit${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
  });

  it('exports an entity trail as NDJSON, and audits the export', async () => {
    await deploy(3);
    const res = await get(`/events/export?entityRef=${ORDERS}&order=asc`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.text
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines.map(l => l.eventId)).toEqual([
      ...Array(6).fill('deploy'),
      'events-export', // the export's own "initiated", before it read
    ]);
    const after = await get(
      `/events?entityRef=${ORDERS}&eventId=events-export`,
    );
    expect(after.body.items[0]).toMatchObject({
      plugin: 'audit',
      status: 'succeeded',
      meta: { records: 7 },
    });
  });

  it('verifies the chain', async () => {
    await deploy(2);
    const res = await get('/verify', JANE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      valid: true,
      headSeq: res.body.checked,
    });
    expect(res.body.checked).toBeGreaterThanOrEqual(4);
  });
});
