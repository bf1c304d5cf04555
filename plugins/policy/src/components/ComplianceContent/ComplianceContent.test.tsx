import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { policyApiRef } from '../../api';
import {
  inputError,
  mockPolicyApi,
  paymentsCompliance,
} from '../../__testUtils__/verdicts';
import { ComplianceContent } from './ComplianceContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

function render(api: ReturnType<typeof mockPolicyApi>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <ComplianceContent />
    </EntityProvider>,
    {
      apis: [[policyApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('ComplianceContent', () => {
  it('shows the verdict per environment', async () => {
    const api = mockPolicyApi();
    api.compliance.mockResolvedValue(paymentsCompliance);
    render(api);

    const table = await screen.findByRole('table', {
      name: 'Compliance by environment',
    });
    expect(api.compliance).toHaveBeenCalledWith(
      'component:default/payments-gateway',
    );
    const row = (environment: string) =>
      within(table)
        .getByRole('rowheader', { name: environment })
        .closest('tr')!;

    const prod = row('prod');
    expect(within(prod).getByText('Allowed')).toBeInTheDocument();
    expect(within(prod).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/payments-db',
    );

    const staging = row('staging');
    expect(within(staging).getByText('Denied')).toBeInTheDocument();
    expect(
      within(staging).getByText(/run only in the EU regions/),
    ).toBeInTheDocument();
    expect(
      within(staging).getByText('nonprod-approved-regions'),
    ).toBeInTheDocument();

    const qa = row('qa');
    expect(within(qa).getByText('Not judged')).toBeInTheDocument();
    expect(
      within(qa).getByText('environments.0: unknown environment "qa"'),
    ).toBeInTheDocument();

    const service = screen
      .getByRole('heading', { name: 'Service' })
      .closest('.MuiCard-root') as HTMLElement;
    expect(within(service).getByText('Allowed')).toBeInTheDocument();
    expect(screen.getByText(/^Evaluated at/)).toBeInTheDocument();
    expect(
      screen.getByText(new Date('2025-03-14T09:26:53.000Z').toLocaleString()),
    ).toHaveAttribute('datetime', '2025-03-14T09:26:53.000Z');
  });

  it('explains how to register infrastructure when there is none', async () => {
    const api = mockPolicyApi();
    api.compliance.mockResolvedValue({
      ...paymentsCompliance,
      environments: [],
    });
    render(api);

    expect(await screen.findByText(/No infrastructure with/)).toHaveTextContent(
      'No infrastructure with pave.dev/environment annotations is registered for this component',
    );
    expect(screen.getByText(/golden template/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it("shows the server's error", async () => {
    const api = mockPolicyApi();
    api.compliance.mockRejectedValue(
      await inputError(
        'component:default/payments-gateway is not in the catalog',
      ),
    );
    render(api);
    expect(
      await screen.findByText(/is not in the catalog/),
    ).toBeInTheDocument();
  });

  describe('exceptions', () => {
    const soft = {
      policyId: 'required-tags',
      message: 'Every resource must carry the required tags.',
      severity: 'deny' as const,
      enforcement: 'soft-mandatory' as const,
      resource: 'staging/aws_elasticache_replication_group.cache',
      resourceIndex: 0,
      remediation: 'Set pave.dev/data-classification on the component.',
    };
    const withSoft = (canRecordExceptions: boolean) => ({
      ...paymentsCompliance,
      canRecordExceptions,
      environments: paymentsCompliance.environments.map(e =>
        e.environment === 'staging'
          ? { ...e, verdict: { ...e.verdict!, violations: [soft] } }
          : e,
      ),
    });

    it('offers whoever may record one a dialog for a soft-mandatory violation, then judges again', async () => {
      const api = mockPolicyApi();
      api.compliance.mockResolvedValueOnce(withSoft(true));
      api.compliance.mockResolvedValueOnce({
        ...paymentsCompliance,
        canRecordExceptions: true,
        exceptions: [
          {
            id: 'e1',
            entityRef: 'component:default/payments-gateway',
            policyId: 'required-tags',
            environment: 'staging',
            reason: 'Tags arrive with the Q1 catalog migration.',
            grantedBy: 'user:default/amara.okafor',
            grantedAt: '2025-03-14T09:30:00.000Z',
            expiresAt: '2099-03-28T23:59:59.000Z',
            policySet: paymentsCompliance.service.policySet,
          },
        ],
      });
      api.grantException.mockResolvedValue({} as any);
      render(api);

      expect(
        await screen.findByText(
          'How to fix: Set pave.dev/data-classification on the component.',
        ),
      ).toBeInTheDocument();
      await userEvent.click(
        screen.getByRole('button', { name: 'Record exception' }),
      );
      const dialog = screen.getByRole('dialog', {
        name: 'Record an exception',
      });
      const submit = within(dialog).getByRole('button', {
        name: 'Record exception',
      });
      expect(submit).toBeDisabled();
      await userEvent.type(
        within(dialog).getByLabelText(/Reason/),
        'Tags arrive with the Q1 catalog migration.',
      );
      await userEvent.click(submit);

      expect(api.grantException).toHaveBeenCalledWith({
        entityRef: 'component:default/payments-gateway',
        policyId: 'required-tags',
        environment: 'staging',
        reason: 'Tags arrive with the Q1 catalog migration.',
        expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T23:59:59Z$/),
      });
      const table = await screen.findByRole('table', {
        name: 'Exceptions in force',
      });
      expect(within(table).getByText('required-tags')).toBeInTheDocument();
      expect(
        within(table).getByRole('button', { name: 'Revoke' }),
      ).toBeInTheDocument();
      expect(api.compliance).toHaveBeenCalledTimes(2);
    });

    it('shows the server refusal in the dialog', async () => {
      const api = mockPolicyApi();
      api.compliance.mockResolvedValue(withSoft(true));
      api.grantException.mockRejectedValue(
        new Error(
          'You may not record this exception: Nobody may record an exception for a service their own team owns.',
        ),
      );
      render(api);
      await userEvent.click(
        await screen.findByRole('button', { name: 'Record exception' }),
      );
      const dialog = screen.getByRole('dialog');
      await userEvent.type(
        within(dialog).getByLabelText(/Reason/),
        'Because the audit is next week.',
      );
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Record exception' }),
      );
      expect(await within(dialog).findByRole('alert')).toHaveTextContent(
        /their own team owns/,
      );
    });

    it('hides the action from whoever may not record one', async () => {
      const api = mockPolicyApi();
      api.compliance.mockResolvedValue(withSoft(false));
      render(api);
      expect(
        await screen.findByText(/Every resource must carry/),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'Record exception' }),
      ).toBeNull();
      expect(screen.getByText(/No exceptions in force/)).toBeInTheDocument();
    });
  });
});
