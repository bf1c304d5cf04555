import { REDACTED } from './redact';
import { toAuditEvent } from './toAuditEvent';

const time = new Date('2026-03-01T10:00:00.000Z');

describe('toAuditEvent', () => {
  it('maps a failed scaffolder event: user actor, error, entities, no secrets', () => {
    const record = toAuditEvent(
      {
        plugin: 'scaffolder',
        eventId: 'task',
        severityLevel: 'medium',
        actor: { actorId: 'user:default/tom.becker', ip: '10.0.0.1' },
        request: { method: 'POST', url: '/api/scaffolder/v2/tasks?token=abc' },
        meta: {
          actionType: 'create',
          templateRef: 'template:default/node-http-service',
          secrets: { backstageToken: 'eyJx' },
        },
        status: 'failed',
        error: new Error('publish failed for https://u:pw@git.example.com'),
      },
      { time, id: 'fixed' },
    );
    expect(record).toEqual({
      id: 'fixed',
      time: '2026-03-01T10:00:00.000Z',
      eventId: 'task',
      plugin: 'scaffolder',
      severity: 'medium',
      status: 'failed',
      error: `Error: publish failed for https://u:${REDACTED}@git.example.com`,
      actor: { type: 'user', id: 'user:default/tom.becker', ip: '10.0.0.1' },
      request: {
        method: 'POST',
        path: `/api/scaffolder/v2/tasks?token=${encodeURIComponent(REDACTED)}`,
      },
      entityRefs: ['template:default/node-http-service'],
      meta: {
        actionType: 'create',
        templateRef: 'template:default/node-http-service',
        secrets: REDACTED,
      },
    });
  });

  it('tells service principals from users and nobody', () => {
    const base = {
      plugin: 'catalog',
      eventId: 'entity-fetch',
      severityLevel: 'low' as const,
      status: 'initiated' as const,
    };
    expect(
      toAuditEvent({ ...base, actor: { actorId: 'plugin:scaffolder' } }).actor,
    ).toEqual({
      type: 'service',
      id: 'plugin:scaffolder',
    });
    const anonymous = toAuditEvent({ ...base, actor: {} });
    expect(anonymous.actor).toEqual({ type: 'unknown' });
    expect(anonymous.meta).toBeUndefined();
    expect(anonymous.request).toBeUndefined();
    expect(anonymous.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the entities of metadata that is truncated', () => {
    const record = toAuditEvent(
      {
        plugin: 'catalog',
        eventId: 'entity-mutate',
        severityLevel: 'medium',
        status: 'succeeded',
        actor: {},
        meta: { entityRef: 'component:default/big', blob: 'x'.repeat(5000) },
      },
      { maxMetaBytes: 1000 },
    );
    expect(record.entityRefs).toEqual(['component:default/big']);
    expect(record.meta).toMatchObject({
      truncated: true,
      keys: ['blob', 'entityRef'],
    });
  });
});
