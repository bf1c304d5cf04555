import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Deployment } from '@pave/plugin-environments-common';
import { screen, within } from '@testing-library/react';
import { environmentsApiRef } from '../../api';
import { EnvironmentsPage } from './EnvironmentsPage';

const base: Deployment = {
  id: 'd1',
  entityRef: 'component:default/orders',
  environment: 'local',
  runtime: 'local',
  commit: '0123456789abcdef0123456789abcdef01234567',
  desired: 'running',
  status: 'running',
  url: 'http://127.0.0.1:41234',
  resources: [],
  estimatedMonthlyUsd: 31.2,
  createdBy: 'user:default/tom.becker',
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:01:00.000Z',
};

describe('EnvironmentsPage', () => {
  it('lists what runs, previews with their expiry, and the cloud-equivalent total', async () => {
    const items: Deployment[] = [
      base,
      {
        ...base,
        id: 'd2',
        entityRef: 'component:default/refunds',
        environment: 'preview-pr-7',
        expiresAt: new Date(Date.now() + 90 * 60_000 + 20_000).toISOString(),
        estimatedMonthlyUsd: 12.05,
      },
      // Gone: not listed, not counted.
      {
        ...base,
        id: 'd3',
        entityRef: 'component:default/ledger',
        desired: 'absent',
        status: 'destroyed',
        estimatedMonthlyUsd: 500,
      },
    ];
    const api = { listDeployments: jest.fn().mockResolvedValue({ items }) };
    await renderInTestApp(<EnvironmentsPage />, {
      apis: [[environmentsApiRef, api as any]],
    });
    expect(await screen.findByLabelText('Summary')).toHaveTextContent(
      '2 running, 1 of them previews · ≈ $43.25 a month in the cloud',
    );
    expect(api.listDeployments).toHaveBeenCalledWith({});
    const refunds = screen.getByRole('link', { name: 'refunds' });
    expect(refunds).toHaveAttribute(
      'href',
      '/catalog/default/component/refunds/environments',
    );
    const row = refunds.closest('tr')!;
    expect(within(row).getByText('preview-pr-7')).toBeInTheDocument();
    expect(within(row).getByText('expires in 1 h 30 min')).toBeInTheDocument();
    expect(within(row).getByText('$12.05')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'ledger' })).toBeNull();
    expect(screen.getByText('long-lived')).toBeInTheDocument();
  });
});
