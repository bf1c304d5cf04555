import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Deployment } from '@pave/plugin-environments-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { environmentsApiRef } from '../../api';
import {
  EntityEnvironmentsContent,
  expiresIn,
} from './EntityEnvironmentsContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

const running: Deployment = {
  id: 'd1',
  entityRef: 'component:default/orders',
  environment: 'local',
  runtime: 'local',
  commit: '0123456789abcdef0123456789abcdef01234567',
  desired: 'running',
  status: 'running',
  url: 'http://127.0.0.1:41234',
  resources: [
    {
      name: 'db',
      type: 'postgres',
      outputs: {
        host: '127.0.0.1',
        port: '40001',
        database: 'orders_local_db',
      },
    },
  ],
  createdBy: 'user:default/tom.becker',
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:01:00.000Z',
};

function mockApi(items: Deployment[]) {
  return {
    listEnvironments: jest.fn().mockResolvedValue({
      items: [{ name: 'local', runtime: 'local' }],
      previews: { runtime: 'local', defaultTtlHours: 24, maxTtlHours: 168 },
    }),
    listDeployments: jest.fn().mockResolvedValue({ items }),
    getDeployment: jest.fn().mockResolvedValue({
      ...items[0],
      events: [
        {
          at: '2026-12-07T10:00:00.000Z',
          action: 'deploy',
          actor: 'user:default/tom.becker',
          outcome: 'started',
          detail: '0123456789ab to local',
        },
        {
          at: '2026-12-07T10:01:00.000Z',
          action: 'deploy',
          actor: 'user:default/tom.becker',
          outcome: 'succeeded',
          detail: 'running at http://127.0.0.1:41234',
        },
      ],
    }),
    deploy: jest.fn().mockResolvedValue({ ...running, status: 'deploying' }),
    destroy: jest.fn().mockResolvedValue({ ...running, status: 'destroying' }),
    extend: jest.fn().mockResolvedValue(running),
    logs: jest
      .fn()
      .mockResolvedValue({ lines: ['listening on 127.0.0.1:41234'] }),
  };
}

function render(
  api: ReturnType<typeof mockApi>,
  result: AuthorizeResult,
  name = 'orders',
) {
  // The permission hook caches decisions per resource across renders: each
  // decision gets its own component.
  return renderInTestApp(
    <EntityProvider
      entity={{ ...entity, metadata: { ...entity.metadata, name } }}
    >
      <EntityEnvironmentsContent />
    </EntityProvider>,
    {
      apis: [
        [environmentsApiRef, api],
        mockApis.permission({
          authorize: result === AuthorizeResult.ALLOW ? 'ALLOW' : 'DENY',
        }),
      ],
    },
  );
}

describe('EntityEnvironmentsContent', () => {
  it('shows where the component runs: status, commit, URL and resource outputs', async () => {
    const api = mockApi([running]);
    render(api, AuthorizeResult.ALLOW);
    expect(await screen.findByText('running')).toBeInTheDocument();
    expect(screen.getByText('Commit 0123456789ab')).toBeInTheDocument();
    expect(screen.getByText('http://127.0.0.1:41234')).toBeInTheDocument();
    expect(
      screen.getByText(
        'host: 127.0.0.1 · port: 40001 · database: orders_local_db',
      ),
    ).toBeInTheDocument();
    expect(api.listDeployments).toHaveBeenCalledWith({
      entityRef: 'component:default/orders',
    });
  });

  it('lets an owner destroy and read the logs', async () => {
    const api = mockApi([running]);
    render(api, AuthorizeResult.ALLOW);
    fireEvent.click(await screen.findByRole('button', { name: 'Logs' }));
    expect(
      await screen.findByText('listening on 127.0.0.1:41234'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Destroy' }));
    await waitFor(() => expect(api.destroy).toHaveBeenCalledWith('d1'));
  });

  it('shows the cloud-equivalent estimate and the history, newest first', async () => {
    const api = mockApi([{ ...running, estimatedMonthlyUsd: 42.5 }]);
    render(api, AuthorizeResult.DENY, 'history');
    expect(
      await screen.findByText('≈ $42.50 a month in the cloud'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'History' }));
    const history = await screen.findByLabelText('History');
    expect(history.textContent).toMatch(
      /deploy succeeded · running at http:\/\/127\.0\.0\.1:41234.*deploy started · 0123456789ab to local/,
    );
    expect(api.getDeployment).toHaveBeenCalledWith('d1');
  });

  it('lets an owner start a preview, checking its name and lifetime first', async () => {
    const api = mockApi([running]);
    render(api, AuthorizeResult.ALLOW, 'previews');
    const name = await screen.findByRole('textbox', { name: 'Preview name' });
    const deployPreview = screen.getByRole('button', {
      name: 'Deploy preview',
    });
    fireEvent.change(name, { target: { value: 'PR 12' } });
    expect(
      screen.getByText(
        'lower-case letters, digits and single dashes, up to 31',
      ),
    ).toBeInTheDocument();
    expect(deployPreview).toBeDisabled();
    fireEvent.change(name, { target: { value: 'pr-12' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Hours' }), {
      target: { value: '200' },
    });
    expect(
      screen.getByText('a whole number of hours, 1 to 168'),
    ).toBeInTheDocument();
    expect(deployPreview).toBeDisabled();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Hours' }), {
      target: { value: '8' },
    });
    fireEvent.click(deployPreview);
    await waitFor(() =>
      expect(api.deploy).toHaveBeenCalledWith({
        entityRef: 'component:default/previews',
        environment: 'preview-pr-12',
        ttlHours: 8,
      }),
    );
  });

  it('hides the buttons from those who may not use them', async () => {
    render(mockApi([running]), AuthorizeResult.DENY, 'ledger');
    expect(await screen.findByText('running')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Destroy' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Logs' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Deploy preview' })).toBeNull();
  });

  it('offers the first deploy when the component runs nowhere', async () => {
    const api = mockApi([]);
    render(api, AuthorizeResult.ALLOW);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Deploy to local' }),
    );
    await waitFor(() =>
      expect(api.deploy).toHaveBeenCalledWith({
        entityRef: 'component:default/orders',
        environment: 'local',
      }),
    );
  });

  it('counts a preview down and lets its owners extend it', async () => {
    const api = mockApi([
      {
        ...running,
        environment: 'preview-pr-7',
        expiresAt: new Date(
          Date.now() + (5 * 60 + 12) * 60_000 + 20_000,
        ).toISOString(),
      },
    ]);
    render(api, AuthorizeResult.ALLOW, 'billing');
    expect(await screen.findByLabelText('Expiry')).toHaveTextContent(
      'Preview, expires in 5 h 12 min',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Extend 24 h' }));
    await waitFor(() => expect(api.extend).toHaveBeenCalledWith('d1', 24));
  });

  it('words the time left', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(expiresIn('2026-12-07T10:45:00Z', now)).toBe('expires in 45 min');
    expect(expiresIn('2026-12-08T12:00:00Z', now)).toBe(
      'expires in 26 h 0 min',
    );
    expect(expiresIn('2026-12-07T09:00:00Z', now)).toBe('expired');
  });

  it('shows the step a deploy is at', async () => {
    render(
      mockApi([{ ...running, status: 'deploying', step: 'install' }]),
      AuthorizeResult.ALLOW,
    );
    expect(await screen.findByText('deploying · install')).toBeInTheDocument();
  });
});
