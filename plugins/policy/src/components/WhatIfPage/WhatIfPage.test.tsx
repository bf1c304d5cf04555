import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { WhatIfReport } from '@pave/plugin-policy-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { policyApiRef } from '../../api';
import { mockPolicyApi } from '../../__testUtils__/verdicts';
import { WhatIfPage } from './WhatIfPage';

const policySet = (c: string) => `sha256:${c.repeat(64)}`;

const report: WhatIfReport = {
  currentPolicySet: policySet('a'),
  draftPolicySet: policySet('b'),
  judged: { components: 3, environments: 4, templates: 2 },
  unplanned: 0,
  rules: [
    {
      policyId: 'no-prod-mysql',
      enforcement: 'hard-mandatory',
      status: 'added',
      newlyDenied: 2,
      newlyAllowed: 0,
      newlyWarned: 0,
      noLongerWarned: 0,
      findings: [
        {
          change: 'deny',
          entityRef: 'component:default/ledger',
          environment: 'prod',
          resource: 'prod/aws_db_instance.db',
          message: 'Production runs PostgreSQL only.',
        },
        {
          change: 'deny',
          entityRef: 'component:default/reports',
          environment: 'prod',
          resource: 'prod/aws_db_instance.db',
          message: 'Production runs PostgreSQL only.',
        },
      ],
    },
    {
      policyId: 'nonprod-expiry-tag',
      enforcement: 'advisory',
      status: 'removed',
      newlyDenied: 0,
      newlyAllowed: 0,
      newlyWarned: 0,
      noLongerWarned: 5,
      findings: [],
    },
  ],
  entitiesNewlyDenied: 2,
  entitiesNewlyAllowed: 0,
  durationMs: 1234,
  ranAt: '2026-12-07T21:00:00.000Z',
};

/** A file as a directory picker hands it over: under the directory's name. */
function picked(path: string, content: string) {
  const file = new File([content], path.split('/').pop()!);
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}

function render(api: ReturnType<typeof mockPolicyApi>) {
  return renderInTestApp(<WhatIfPage />, {
    apis: [[policyApiRef, api], mockApis.permission({ authorize: 'ALLOW' })],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

async function choose(files: File[]) {
  await userEvent.upload(
    await screen.findByLabelText('Draft policy directory'),
    files,
  );
}

describe('WhatIfPage', () => {
  it('uploads the policy files of the chosen directory and shows what changes, sortable, with drill-down', async () => {
    const api = mockPolicyApi();
    api.whatIf.mockResolvedValue(report);
    await render(api);
    await choose([
      picked('draft/schema.cedarschema', 'namespace Pave {}'),
      picked(
        'draft/rules/mysql.cedar',
        'forbid (principal, action, resource);',
      ),
      picked('draft/README.md', '# notes'),
    ]);

    await waitFor(() => expect(api.whatIf).toHaveBeenCalled());
    expect(api.whatIf).toHaveBeenCalledWith({
      files: [
        {
          path: 'rules/mysql.cedar',
          content: 'forbid (principal, action, resource);',
        },
        { path: 'schema.cedarschema', content: 'namespace Pave {}' },
      ],
    });
    expect(
      await screen.findByText('2 entities newly denied, 0 newly allowed.'),
    ).toBeInTheDocument();

    const table = screen.getByRole('table', {
      name: 'Rules whose verdicts change',
    });
    const order = () =>
      within(table)
        .getAllByRole('rowheader')
        .map(cell => cell.textContent);
    expect(order()).toEqual(['no-prod-mysql', 'nonprod-expiry-tag']);
    await userEvent.click(
      within(table).getByRole('button', { name: 'Newly denied' }),
    );
    expect(order()).toEqual(['nonprod-expiry-tag', 'no-prod-mysql']);
    await userEvent.click(within(table).getByRole('button', { name: 'Rule' }));
    expect(order()).toEqual(['no-prod-mysql', 'nonprod-expiry-tag']);

    // The first rule's findings show at once: the two seeded services.
    const findings = screen.getByRole('table', {
      name: 'Findings of no-prod-mysql',
    });
    expect(
      within(findings)
        .getAllByRole('link')
        .map(a => a.getAttribute('href')),
    ).toEqual([
      '/catalog/default/component/ledger',
      '/catalog/default/component/reports',
    ]);
    await userEvent.click(within(table).getByText('nonprod-expiry-tag'));
    expect(
      screen.getByRole('table', { name: 'Findings of nonprod-expiry-tag' }),
    ).toBeInTheDocument();
  });

  it('shows a draft that does not load with file:line, and judges nothing', async () => {
    const api = mockPolicyApi();
    api.whatIf.mockResolvedValue({
      loaded: false,
      errors: ['broken.cedar:3:1: unexpected end of input'],
    });
    await render(api);
    await choose([picked('draft/broken.cedar', 'forbid (')]);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'broken.cedar:3:1: unexpected end of input',
    );
    expect(
      screen.getByText(/the set in force is untouched/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
