import { AuditEventInput } from '@pave/plugin-audit-common';
import { randomUUID } from 'node:crypto';

let clock = Date.parse('2026-03-01T10:00:00.000Z');

/** An audit event as the journal hands it over; times strictly increase. */
export function auditEvent(
  overrides: Partial<AuditEventInput> = {},
): AuditEventInput {
  clock += 1000;
  return {
    id: randomUUID(),
    time: new Date(clock).toISOString(),
    eventId: 'entity-mutate',
    plugin: 'catalog',
    severity: 'medium',
    status: 'succeeded',
    actor: { type: 'user', id: 'user:default/tom.becker' },
    request: { method: 'POST', path: '/api/catalog/locations' },
    entityRefs: ['component:default/payments-gateway'],
    meta: { action: 'register' },
    ...overrides,
  };
}
