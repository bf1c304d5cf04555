import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { VerdictPanel } from './VerdictPanel';
import {
  allowedCheck,
  deniedCheck,
  inputError,
  overBudgetCheck,
  POLICY_SET,
} from '../../__testUtils__/verdicts';

describe('VerdictPanel', () => {
  it('shows a denial with each violation under the field it concerns', async () => {
    renderInTestApp(<VerdictPanel title="Guardrails" verdict={deniedCheck} />);

    expect(await screen.findByText('Denied')).toBeInTheDocument();
    expect(
      screen.getByText('4 violations · 0 warnings · 14 policies evaluated'),
    ).toBeInTheDocument();
    // Which set judged it: abbreviated, the whole hash on hover.
    expect(screen.getByText('Policy set 5f2b1c9e0d4a')).toHaveAttribute(
      'title',
      `The policy set that judged this: ${POLICY_SET}`,
    );

    const name = screen.getByRole('region', { name: 'Name' });
    expect(
      within(name).getByText(/^Service names are kebab-case/),
    ).toBeInTheDocument();
    expect(
      within(name).getByText('service-name-convention'),
    ).toBeInTheDocument();
    // How the rule is enforced, next to its id.
    expect(within(name).getAllByText(/ · hard-mandatory$/)).not.toHaveLength(0);

    const owner = screen.getByRole('region', { name: 'Owner' });
    expect(within(owner).getByText(/owned by a team/)).toBeInTheDocument();

    const resources = screen.getByRole('region', { name: 'Resources' });
    expect(within(resources).getByText(/never be public/)).toBeInTheDocument();
    expect(
      within(resources).getByText(/prod\/aws_s3_bucket\.assets/),
    ).toBeInTheDocument();
    expect(within(resources).queryByText(/owned by a team/)).toBeNull();

    // A rule about no wizard field lands under General.
    const general = screen.getByRole('region', { name: 'General' });
    expect(within(general).getByText(/change freeze/)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'System' })).toBeNull();

    expect(
      screen.getByText(/the owning group has no pave.dev\/cost-center/),
    ).toBeInTheDocument();
  });

  it('shows an allowed run with its advice and plan', async () => {
    renderInTestApp(<VerdictPanel verdict={allowedCheck} />);

    expect(await screen.findByText('Allowed')).toBeInTheDocument();
    expect(screen.queryByText('Denied')).toBeNull();
    const advice = screen.getByRole('region', { name: 'Advice' });
    expect(within(advice).getByText(/expires-at tag/)).toBeInTheDocument();

    // A backend that sends no cost gets no Cost section.
    expect(screen.queryByRole('region', { name: 'Cost' })).toBeNull();
    const plan = screen.getByRole('region', { name: 'Plan' });
    expect(within(plan).getByText('Cost centre: CC-2100')).toBeInTheDocument();
    expect(
      within(plan).getByText(
        'prod environment · aws eu-west-1 · 5 cloud resources',
      ),
    ).toBeInTheDocument();
  });

  it("shows how a Score file's placeholders are wired, without secret values", async () => {
    const [dev, prod] = allowedCheck.plans;
    const wired = {
      ...allowedCheck,
      plans: [
        dev,
        {
          ...prod,
          wiring: [
            {
              field: 'containers.main.variables.DATABASE_URL',
              container: 'main',
              template:
                'postgresql://${resources.db.username}:${resources.db.password}@${resources.db.host}',
              references: [
                {
                  placeholder: '${resources.db.username}',
                  resource: 'db',
                  output: 'username',
                  source: { from: 'value' as const, value: 'pave_admin' },
                },
                {
                  placeholder: '${resources.db.password}',
                  resource: 'db',
                  output: 'password',
                  source: {
                    from: 'secret' as const,
                    key: 'db_password',
                    source: 'Secrets Manager',
                  },
                },
                {
                  placeholder: '${resources.db.host}',
                  resource: 'db',
                  output: 'host',
                  source: { from: 'terraform' as const, output: 'db_host' },
                },
              ],
            },
          ],
        },
      ],
    };
    renderInTestApp(<VerdictPanel verdict={wired} />);

    const wiring = await screen.findByRole('list', { name: 'Wiring' });
    expect(wiring).toHaveTextContent(
      'DATABASE_URL ← db.username = pave_admin, db.password (secret), db.host (Terraform output db_host)',
    );
    // Only prod has placeholders; dev shows no wiring list.
    expect(screen.getAllByRole('list', { name: 'Wiring' })).toHaveLength(1);
  });

  it('shows the cost against the budget next to the budget denial', async () => {
    renderInTestApp(<VerdictPanel verdict={overBudgetCheck} />);

    expect(await screen.findByText('Denied')).toBeInTheDocument();
    const resources = screen.getByRole('region', { name: 'Resources' });
    expect(
      within(resources).getByText('team-monthly-budget'),
    ).toBeInTheDocument();

    const cost = screen.getByRole('region', { name: 'Cost' });
    // One record is unpriced, so the total is a floor.
    expect(within(cost).getByLabelText('Monthly estimate')).toHaveTextContent(
      'at least $438.78 a month',
    );
    expect(
      within(cost).getByText('prod: at least $412.50'),
    ).toBeInTheDocument();
    expect(within(cost).getByRole('alert')).toHaveTextContent(
      'Exceeds the total budget of group:default/payments',
    );
    expect(
      within(cost).getByText(
        'Total: $338.78 over the $400.00 budget after this',
      ),
    ).toBeInTheDocument();
  });

  it('notes, muted, why there is no cost estimate, and still shows the verdict', async () => {
    renderInTestApp(
      <VerdictPanel
        verdict={{
          ...allowedCheck,
          cost: { error: 'the cost plugin answered 503 Service Unavailable' },
        }}
      />,
    );

    expect(await screen.findByText('Allowed')).toBeInTheDocument();
    const cost = screen.getByRole('region', { name: 'Cost' });
    expect(cost).toHaveTextContent(
      'Cost estimate unavailable: the cost plugin answered 503 Service Unavailable',
    );
    expect(within(cost).queryByRole('alert')).toBeNull();
  });

  it("shows the server's message when it refuses the input", async () => {
    const error = await inputError(
      'Invalid template check: name: must be lower-case letters, digits and single dashes, starting with a letter',
    );
    renderInTestApp(<VerdictPanel verdict={allowedCheck} error={error} />);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Invalid template check: name: must be lower-case letters',
    );
    // A verdict about earlier input is not shown as if it were current.
    expect(screen.queryByText('Allowed')).toBeNull();
  });

  it('says what to fill in instead of a verdict', async () => {
    renderInTestApp(
      <VerdictPanel
        verdict={allowedCheck}
        incomplete="Fill in name, owner and environments to see the verdict."
      />,
    );
    expect(
      await screen.findByText(
        'Fill in name, owner and environments to see the verdict.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Allowed')).toBeNull();
  });

  it('shows progress while checking', async () => {
    renderInTestApp(<VerdictPanel loading />);
    expect(
      await screen.findByRole('progressbar', {
        name: 'Checking the guardrails',
      }),
    ).toBeInTheDocument();
  });
});
