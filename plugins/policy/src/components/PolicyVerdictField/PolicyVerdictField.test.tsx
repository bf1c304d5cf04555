import { renderInTestApp } from '@backstage/frontend-test-utils';
import { act, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { policyApiRef } from '../../api';
import {
  allowedCheck,
  deniedCheck,
  inputError,
  mockPolicyApi,
  overBudgetCheck,
} from '../../__testUtils__/verdicts';
import { PolicyVerdictField } from './PolicyVerdictField';
import { PolicyVerdictFieldProps } from './schema';

const wizard = {
  name: 'orders',
  owner: 'group:default/payments',
  system: '',
  resources: [{ name: 'db', type: 'postgres', size: 'medium' }, {}],
  environments: ['dev', 'prod'],
};

function fieldProps(
  formData: Record<string, unknown>,
  onChange = jest.fn(),
): PolicyVerdictFieldProps {
  return {
    name: 'guardrails',
    schema: { title: 'Guardrails', type: 'string' },
    uiSchema: {
      'ui:field': 'PavePolicyVerdict',
      'ui:options': { template: 'node-http-service' },
    },
    formContext: { formData },
    onChange,
    rawErrors: [],
  } as unknown as PolicyVerdictFieldProps;
}

describe('PolicyVerdictField', () => {
  it('checks the whole wizard, debounced, and keeps the decision as its value', async () => {
    const api = mockPolicyApi();
    api.templateCheck.mockResolvedValue(deniedCheck);
    const onChange = jest.fn();

    renderInTestApp(<PolicyVerdictField {...fieldProps(wizard, onChange)} />, {
      apis: [[policyApiRef, api]],
    });

    expect(onChange).toHaveBeenLastCalledWith('pending');
    expect(api.templateCheck).not.toHaveBeenCalled();
    expect(await screen.findByText('Denied')).toBeInTheDocument();
    expect(api.templateCheck).toHaveBeenCalledTimes(1);
    expect(api.templateCheck).toHaveBeenCalledWith(
      {
        template: 'node-http-service',
        name: 'orders',
        owner: 'group:default/payments',
        resources: [{ name: 'db', type: 'postgres', size: 'medium' }],
        environments: ['dev', 'prod'],
      },
      { signal: expect.any(AbortSignal) },
    );
    expect(onChange).toHaveBeenLastCalledWith('deny');
  });

  it('asks once for a burst of changes and cancels a check that is out of date', async () => {
    const api = mockPolicyApi();
    // The first check never answers on its own; only an abort ends it.
    api.templateCheck.mockImplementationOnce(
      (_body, options) =>
        new Promise((_resolve, reject) =>
          options?.signal?.addEventListener('abort', () =>
            reject(new DOMException('Aborted', 'AbortError')),
          ),
        ),
    );
    api.templateCheck.mockResolvedValue(allowedCheck);

    // The wizard re-renders the field with new form data on every keystroke.
    let setWizard: (data: Record<string, unknown>) => void = () => {};
    function Wizard() {
      const [data, setData] = useState<Record<string, unknown>>({
        ...wizard,
        name: 'o',
      });
      setWizard = setData;
      return <PolicyVerdictField {...fieldProps(data)} />;
    }
    renderInTestApp(<Wizard />, { apis: [[policyApiRef, api]] });
    await screen.findByText('Checking the guardrails…');

    act(() => setWizard({ ...wizard, name: 'or' }));
    act(() => setWizard({ ...wizard, name: 'ord' }));
    await waitFor(() => expect(api.templateCheck).toHaveBeenCalledTimes(1));
    expect(api.templateCheck.mock.calls[0][0].name).toBe('ord');

    act(() => setWizard({ ...wizard, name: 'orders' }));
    await waitFor(() => expect(api.templateCheck).toHaveBeenCalledTimes(2));
    expect(api.templateCheck.mock.calls[0][1]?.signal?.aborted).toBe(true);
    expect(api.templateCheck.mock.calls[1][0].name).toBe('orders');
    expect(await screen.findByText('Allowed')).toBeInTheDocument();
    // The cancelled check's rejection is not reported as a failure.
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the cost of the planned infrastructure beside a budget denial', async () => {
    const api = mockPolicyApi();
    api.templateCheck.mockResolvedValue(overBudgetCheck);
    const onChange = jest.fn();
    renderInTestApp(<PolicyVerdictField {...fieldProps(wizard, onChange)} />, {
      apis: [[policyApiRef, api]],
    });
    expect(await screen.findByText('Denied')).toBeInTheDocument();
    expect(screen.getByText('team-monthly-budget')).toBeInTheDocument();
    expect(screen.getByLabelText('Monthly estimate')).toHaveTextContent(
      'at least $438.78 a month',
    );
    expect(onChange).toHaveBeenLastCalledWith('deny');
  });

  it('does not ask while the wizard is incomplete', async () => {
    const api = mockPolicyApi();
    renderInTestApp(
      <PolicyVerdictField {...fieldProps({ ...wizard, environments: [] })} />,
      { apis: [[policyApiRef, api]] },
    );
    expect(
      await screen.findByText('Fill in environments to see the verdict.'),
    ).toBeInTheDocument();
    await new Promise(resolve => setTimeout(resolve, 500));
    expect(api.templateCheck).not.toHaveBeenCalled();
  });

  it("shows the server's message for input it refuses", async () => {
    const api = mockPolicyApi();
    api.templateCheck.mockRejectedValue(
      await inputError(
        'Invalid template check: resources.0.type: must be one of postgres, mysql, redis, queue, topic, s3',
      ),
    );
    const onChange = jest.fn();
    renderInTestApp(<PolicyVerdictField {...fieldProps(wizard, onChange)} />, {
      apis: [[policyApiRef, api]],
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'resources.0.type: must be one of postgres',
    );
    expect(onChange).not.toHaveBeenCalledWith('allow');
    expect(onChange).not.toHaveBeenCalledWith('deny');
  });
});
