import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { fireEvent, screen, within } from '@testing-library/react';
import {
  behindStatus,
  cleanRequest,
  conflictedRequest,
  mockUpgradesApi,
  responseError,
} from '../../__testUtils__/fixtures';
import { upgradesApiRef } from '../../api';
import { EntityTemplateContent } from './EntityTemplateContent';

// A tab of cards and a permission round trip; its first render on a busy
// two-core CI machine can take longer than jest's default 5 s.
jest.setTimeout(20_000);

function render(
  api: ReturnType<typeof mockUpgradesApi>,
  authorize: 'ALLOW' | 'DENY',
  name: string,
) {
  // The permission hook caches decisions per resource across renders: each
  // decision gets a component of its own name.
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'pave.dev/template': 'go-service' },
    },
    spec: { type: 'service', owner: 'group:default/payments' },
  };
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityTemplateContent />
    </EntityProvider>,
    {
      apis: [[upgradesApiRef, api], mockApis.permission({ authorize })],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityTemplateContent', () => {
  it('shows the template, both versions and how far behind main is', async () => {
    const api = mockUpgradesApi();
    api.getStatus.mockResolvedValue(behindStatus('orders'));
    render(api, 'DENY', 'orders');
    expect(await screen.findByLabelText('State')).toHaveTextContent(
      '2 minor versions behind',
    );
    expect(api.getStatus).toHaveBeenCalledWith('component:default/orders');
    expect(screen.getByLabelText('Template')).toHaveTextContent('go-service');
    expect(
      within(screen.getByLabelText('Template')).getByRole('link'),
    ).toHaveAttribute('href', '/catalog/default/template/go-service');
    expect(screen.getByLabelText('Version on main')).toHaveTextContent('1.2.0');
    expect(
      screen.getByLabelText("Template's current version"),
    ).toHaveTextContent('1.4.0');
  });

  it('points at the branch waiting for review instead of offering another upgrade', async () => {
    const api = mockUpgradesApi();
    api.getStatus.mockResolvedValue({
      ...behindStatus('waiting'),
      changeRequests: [{ ...cleanRequest, toVersion: '1.4.0', state: 'open' }],
    });
    render(api, 'ALLOW', 'waiting');
    expect(
      await screen.findByText(/The upgrade to 1.4.0 is waiting for review/),
    ).toHaveTextContent(cleanRequest.branch);
    expect(screen.queryByRole('button', { name: /Upgrade to/ })).toBeNull();
  });

  it('offers the upgrade again once that branch was deleted unmerged', async () => {
    const api = mockUpgradesApi();
    api.getStatus.mockResolvedValue({
      ...behindStatus('closed'),
      changeRequests: [
        { ...cleanRequest, toVersion: '1.4.0', state: 'closed' },
      ],
    });
    render(api, 'ALLOW', 'closed');
    expect(
      await screen.findByRole('button', { name: 'Upgrade to 1.4.0' }),
    ).toBeInTheDocument();
    expect(screen.getByText('closed')).toBeInTheDocument();
  });

  it('says up to date and offers no upgrade when there is none', async () => {
    const api = mockUpgradesApi();
    api.getStatus.mockResolvedValue({
      ...behindStatus('current'),
      version: '1.4.0',
      behind: false,
    });
    render(api, 'ALLOW', 'current');
    expect(await screen.findByLabelText('State')).toHaveTextContent(
      'up to date',
    );
    expect(screen.queryByRole('button', { name: /Upgrade to/ })).toBeNull();
  });

  it('shows why a component cannot be upgraded as an info alert', async () => {
    const api = mockUpgradesApi();
    api.getStatus.mockResolvedValue({
      entityRef: 'component:default/norecord',
      behind: false,
      reason: 'component:default/norecord has no repository in Pave',
      changeRequests: [],
    });
    render(api, 'ALLOW', 'norecord');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'component:default/norecord has no repository in Pave',
    );
    expect(screen.queryByRole('button', { name: /Upgrade to/ })).toBeNull();
  });

  it('hides the upgrade from those who may not upgrade', async () => {
    const api = mockUpgradesApi();
    api.getStatus.mockResolvedValue(behindStatus('ledger'));
    render(api, 'DENY', 'ledger');
    expect(await screen.findByLabelText('State')).toHaveTextContent('behind');
    expect(
      screen.queryByRole('button', { name: 'Upgrade to 1.4.0' }),
    ).toBeNull();
    expect(api.createChangeRequest).not.toHaveBeenCalled();
  });

  it('upgrades for an owner, with progress, then shows the new change request', async () => {
    const api = mockUpgradesApi();
    api.getStatus.mockResolvedValue(behindStatus('billing'));
    let answer: (cr: typeof cleanRequest) => void = () => {};
    api.createChangeRequest.mockReturnValue(
      new Promise(resolve => {
        answer = resolve;
      }),
    );
    render(api, 'ALLOW', 'billing');
    expect(await screen.findByText('No upgrades yet.')).toBeInTheDocument();
    const upgrade = await screen.findByRole('button', {
      name: 'Upgrade to 1.4.0',
    });
    fireEvent.click(upgrade);
    expect(await screen.findByLabelText('Upgrading')).toBeInTheDocument();
    expect(upgrade).toBeDisabled();
    expect(api.createChangeRequest).toHaveBeenCalledWith({
      entityRef: 'component:default/billing',
    });
    answer({ ...cleanRequest, entityRef: 'component:default/billing' });
    const card = await screen.findByLabelText(
      `Change request ${cleanRequest.branch}`,
    );
    expect(card).toHaveTextContent('Policy: allow');
    expect(screen.getByText('new')).toBeInTheDocument();
    expect(screen.queryByLabelText('Upgrading')).toBeNull();
    expect(screen.queryByText('No upgrades yet.')).toBeNull();
  });

  it("shows the server's refusal in its own words", async () => {
    const api = mockUpgradesApi();
    api.getStatus.mockResolvedValue(behindStatus('refunds'));
    const refusal =
      'You may not upgrade component:default/refunds: its owners and the platform team may';
    api.createChangeRequest.mockRejectedValue(
      await responseError(403, refusal),
    );
    render(api, 'ALLOW', 'refunds');
    fireEvent.click(
      await screen.findByRole('button', { name: 'Upgrade to 1.4.0' }),
    );
    // The panel's title is the server's message, not `Request failed with 403`.
    expect(await screen.findByText(`Error: ${refusal}`)).toBeInTheDocument();
    expect(screen.queryByText(/Request failed/)).toBeNull();
  });

  it('lists change requests newest first with their verdict, files and conflicts', async () => {
    const api = mockUpgradesApi();
    api.getStatus.mockResolvedValue({
      ...behindStatus('payments'),
      changeRequests: [conflictedRequest, cleanRequest],
    });
    render(api, 'DENY', 'payments');
    const cards = await screen.findAllByLabelText(/^Change request /);
    expect(cards.map(c => c.getAttribute('aria-label'))).toEqual([
      `Change request ${cleanRequest.branch}`,
      `Change request ${conflictedRequest.branch}`,
    ]);
    const conflicted = cards[1];
    expect(
      within(conflicted).getByLabelText('Policy verdict'),
    ).toHaveTextContent(
      'db-encryption: databases must be encrypted at rest (production/aws_db_instance.main)To fix: set storage_encrypted = true',
    );
    expect(within(conflicted).getByLabelText('Conflicts')).toHaveTextContent(
      'Dockerfile · content: both the team and the template changed the same lines: committed with conflict markers, resolve them before merging',
    );
    expect(within(conflicted).getByLabelText('Conflicts')).toHaveTextContent(
      'your changed file is kept',
    );
    expect(
      within(conflicted).getByLabelText('Files changed'),
    ).toHaveTextContent('docs/runbook.md · + added');
    expect(
      screen.getByText('Pave never touches main', { exact: false }),
    ).toBeInTheDocument();
  });
});
