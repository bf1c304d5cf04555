import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuditRecord } from '@pave/plugin-audit-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AuditApi } from '@pave/plugin-audit-common';
import { auditApiRef } from '../../api';
import { EntityAuditContent } from './EntityAuditContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

function record(
  seq: number,
  overrides: Partial<AuditRecord> = {},
): AuditRecord {
  return {
    seq,
    id: `id-${seq}`,
    time: '2026-03-01T10:00:00.000Z',
    eventId: 'task',
    plugin: 'scaffolder',
    severity: 'medium',
    status: 'succeeded',
    actor: { type: 'user', id: 'user:default/tom.becker' },
    request: { method: 'POST', path: '/api/scaffolder/v2/tasks' },
    entityRefs: ['component:default/orders'],
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    ...overrides,
  };
}

function mockApi() {
  return {
    listEvents: jest.fn<
      ReturnType<AuditApi['listEvents']>,
      Parameters<AuditApi['listEvents']>
    >(),
    exportEvents: jest.fn<
      ReturnType<AuditApi['exportEvents']>,
      Parameters<AuditApi['exportEvents']>
    >(),
    verify: jest.fn<ReturnType<AuditApi['verify']>, []>(),
  };
}

function render(api: ReturnType<typeof mockApi>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityAuditContent />
    </EntityProvider>,
    { apis: [[auditApiRef, api]] },
  );
}

describe('EntityAuditContent', () => {
  it("shows the entity's trail: who, what, outcome, and the chain status", async () => {
    const api = mockApi();
    api.verify.mockResolvedValue({
      valid: true,
      checked: 42,
      headSeq: 42,
      headHash: 'c'.repeat(64),
      verifiedAt: '2026-03-01T10:00:00.000Z',
    });
    api.listEvents.mockResolvedValue({
      items: [
        record(12, { status: 'failed', error: 'Error: publish failed' }),
        record(11, { status: 'initiated' }),
      ],
    });
    render(api);

    const table = await screen.findByRole('table', { name: 'Audit trail' });
    expect(api.listEvents).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/orders',
        limit: 25,
      }),
    );
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('Failed')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('Error: publish failed'),
    ).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('user:default/tom.becker'),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('scaffolder.task')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Initiated')).toBeInTheDocument();
    expect(
      await screen.findByText('Chain intact · 42 records'),
    ).toBeInTheDocument();
    // The entity is fixed on its own tab.
    expect(screen.queryByLabelText('Entity')).not.toBeInTheDocument();
  });

  it('pages to older records with the cursor and back', async () => {
    const api = mockApi();
    api.verify.mockResolvedValue({
      valid: false,
      checked: 6,
      headSeq: 9,
      headHash: 'c'.repeat(64),
      firstBrokenSeq: 7,
      reason: 'content does not match its hash',
      verifiedAt: '2026-03-01T10:00:00.000Z',
    });
    api.listEvents.mockImplementation(async query =>
      query.cursor === 'next-1'
        ? { items: [record(3)] }
        : { items: [record(5), record(4)], nextCursor: 'next-1' },
    );
    render(api);

    expect(
      await screen.findByText(
        'Chain broken at #7: content does not match its hash',
      ),
    ).toBeInTheDocument();
    await screen.findByText('5');
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    await screen.findByText('3');
    expect(api.listEvents).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 'next-1' }),
    );
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Newer' }));
    await screen.findByText('5');
  });

  it('filters by actor, starting over at the newest page', async () => {
    const api = mockApi();
    api.verify.mockResolvedValue({
      valid: true,
      checked: 0,
      headSeq: 0,
      headHash: '0'.repeat(64),
      verifiedAt: '2026-03-01T10:00:00.000Z',
    });
    api.listEvents.mockResolvedValue({ items: [] });
    render(api);
    await screen.findByText('No audit events match.');
    fireEvent.change(screen.getByLabelText('Actor'), {
      target: { value: 'user:default/jane.doe' },
    });
    await waitFor(
      () =>
        expect(api.listEvents).toHaveBeenLastCalledWith(
          expect.objectContaining({ actor: 'user:default/jane.doe' }),
        ),
      { timeout: 2000 },
    );
  });
});
