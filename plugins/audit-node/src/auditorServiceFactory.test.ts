import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuditEventInput } from '@pave/plugin-audit-common';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import request from 'supertest';
import {
  auditorServiceFactory,
  waitsForDurability,
} from './auditorServiceFactory';
import { REDACTED } from './event/redact';
import { AuditJournal, AuditSink } from './journal/AuditJournal';
import { auditJournalServiceRef } from './journal/auditJournalServiceRef';
import { SPOOL_FILE_NAME, SpoolFile } from './journal/SpoolFile';

/** Every log call of every plugin, with the fields it carried. */
const logged: Array<{ level: string; message: string; fields: any }> = [];
const capturingLogger = createServiceFactory({
  service: coreServices.logger,
  deps: {},
  factory() {
    const make = (base: object): LoggerService => {
      const at = (level: string) => (message: string, fields?: any) => {
        logged.push({ level, message, fields: { ...base, ...fields } });
      };
      return {
        error: at('error'),
        warn: at('warn'),
        info: at('info'),
        debug: at('debug'),
        child: fields => make({ ...base, ...fields }),
      };
    };
    return make({});
  },
});

/** A plugin that audits a scaffolder-like task creation carrying secrets. */
const taskPlugin = createBackendPlugin({
  pluginId: 'tasks',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        httpRouter: coreServices.httpRouter,
      },
      async init({ auditor, httpRouter }) {
        httpRouter.use(
          Router().post('/tasks', async (req, res) => {
            const event = await auditor.createEvent({
              eventId: 'task',
              severityLevel: 'medium',
              request: req,
              meta: {
                templateRef: 'template:default/node-http-service',
                secrets: { backstageToken: 'secret-value' },
              },
            });
            await event.success({
              meta: { entityRef: 'component:default/orders' },
            });
            res.status(201).json({ ok: true });
          }),
        );
      },
    });
  },
});

describe('auditorServiceFactory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-factory-'));
    logged.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('journals every event durably, redacted, and still logs it', async () => {
    const backend = await startTestBackend({
      features: [
        taskPlugin,
        auditorServiceFactory,
        capturingLogger,
        mockServices.rootConfig.factory({
          data: { pave: { audit: { spoolDirectory: dir } } },
        }),
      ],
    });
    const res = await request(backend.server)
      .post('/api/tasks/tasks?token=abc')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/tom.becker'),
      );
    expect(res.status).toBe(201);

    // No audit plugin in this backend: the acknowledged events sit in the spool.
    const spooled: AuditEventInput[] = (
      await readFile(join(dir, SPOOL_FILE_NAME), 'utf8')
    )
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
    expect(spooled.map(e => e.status)).toEqual(['initiated', 'succeeded']);
    expect(spooled[1]).toMatchObject({
      plugin: 'tasks',
      eventId: 'task',
      severity: 'medium',
      actor: { type: 'user', id: 'user:default/tom.becker' },
      request: {
        method: 'POST',
        path: `/api/tasks/tasks?token=${encodeURIComponent(REDACTED)}`,
      },
      entityRefs: [
        'template:default/node-http-service',
        'component:default/orders',
      ],
      meta: { secrets: REDACTED },
    });
    await backend.stop();

    const audit = logged.filter(l => l.fields.isAuditEvent);
    expect(audit.map(l => [l.level, l.message])).toEqual([
      ['info', 'tasks.task'],
      ['info', 'tasks.task'],
    ]);
    expect(JSON.stringify(logged)).not.toContain('secret-value');
    expect(JSON.stringify(spooled)).not.toContain('secret-value');
  });

  it('makes a request wait for its outcome to be durable, not for the initiated event too', async () => {
    // A store whose writes wait until the test lets them through.
    const written: string[][] = [];
    let release: () => void = () => {};
    let held = new Promise<void>(r => (release = r));
    const store: AuditSink = {
      async append(events) {
        await held;
        written.push(events.map(e => e.status));
      },
      async ping() {},
    };
    const journal = new AuditJournal({
      spool: new SpoolFile(dir),
      logger: mockServices.logger.mock(),
      flushDelayMs: 0,
    });
    journal.attach(store);
    let auditor: any;
    const probe = createBackendPlugin({
      pluginId: 'probe',
      register(env) {
        env.registerInit({
          deps: { a: coreServices.auditor },
          async init({ a }) {
            auditor = a;
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        probe,
        auditorServiceFactory,
        createServiceFactory({
          service: auditJournalServiceRef,
          deps: {},
          factory: () => journal,
        }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });

    // Initiated: queued, the caller goes on while the store is held.
    const event = await auditor.createEvent({
      eventId: 'deploy',
      severityLevel: 'medium',
    });
    expect(written).toEqual([]);

    // The outcome waits until it is durable, and is written after the
    // initiated event.
    let done = false;
    const outcome = event.success().then(() => (done = true));
    await new Promise(r => setTimeout(r, 50));
    expect(done).toBe(false);
    release();
    await outcome;
    expect(written.flat()).toEqual(['initiated', 'succeeded']);

    held = Promise.resolve();
    await journal.detach();
    await backend.stop();
  });
});

describe('waitsForDurability', () => {
  it.each([
    ['initiated', 'medium', false],
    ['succeeded', 'medium', true],
    ['failed', 'high', true],
    ['succeeded', 'critical', true],
    // A read: recorded in order, without holding the request up.
    ['succeeded', 'low', false],
    ['failed', 'low', false],
  ])('%s at severity %s: %s', (status, severity, waits) => {
    expect(waitsForDurability({ status, severity })).toBe(waits);
  });
});
