import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ChangeRequest } from '@pave/plugin-upgrades-common';
import { fireEvent, screen, within } from '@testing-library/react';
import {
  cleanRequest,
  mockUpgradesApi,
  responseError,
} from '../../__testUtils__/fixtures';
import { upgradesApiRef } from '../../api';
import { ChangeRequestCard } from './ChangeRequestCard';

jest.setTimeout(20_000);

const DIFF = [
  'diff --git a/Makefile b/Makefile',
  '--- a/Makefile',
  '+++ b/Makefile',
  '@@ -1,2 +1,2 @@',
  ' build:',
  '- go build ./...',
  '+ go build -trimpath ./...',
  '',
].join('\n');

function render(api: ReturnType<typeof mockUpgradesApi>, cr: ChangeRequest) {
  return renderInTestApp(<ChangeRequestCard changeRequest={cr} />, {
    apis: [[upgradesApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('ChangeRequestCard', () => {
  it('shows its versions, branch, status and author', async () => {
    render(mockUpgradesApi(), cleanRequest);
    expect(await screen.findByText('1.2.0 → 1.4.0')).toBeInTheDocument();
    expect(screen.getByText(cleanRequest.branch)).toBeInTheDocument();
    expect(screen.getByText('clean')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'tom.becker' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Files changed')).toHaveTextContent(
      'Makefile · − deleted',
    );
    expect(screen.queryByLabelText('Conflicts')).toBeNull();
  });

  it('loads the diff only when asked and colours its lines', async () => {
    const api = mockUpgradesApi();
    api.getChangeRequestDiff.mockResolvedValue({
      diff: DIFF,
      truncated: false,
    });
    render(api, cleanRequest);
    fireEvent.click(await screen.findByRole('button', { name: 'Show diff' }));
    const pre = await screen.findByLabelText('Diff');
    expect(api.getChangeRequestDiff).toHaveBeenCalledWith('cr-2');
    expect(within(pre).getByText('+ go build -trimpath ./...')).toHaveAttribute(
      'data-change',
      'added',
    );
    expect(within(pre).getByText('- go build ./...')).toHaveAttribute(
      'data-change',
      'removed',
    );
    expect(within(pre).getByText('--- a/Makefile')).toHaveAttribute(
      'data-change',
      'file',
    );
    expect(screen.queryByRole('note')).toBeNull();

    // Hiding and showing again does not fetch it again.
    fireEvent.click(screen.getByRole('button', { name: 'Hide diff' }));
    expect(screen.queryByLabelText('Diff')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show diff' }));
    expect(await screen.findByLabelText('Diff')).toBeInTheDocument();
    expect(api.getChangeRequestDiff).toHaveBeenCalledTimes(1);
  });

  it('says when the server cut the diff short', async () => {
    const api = mockUpgradesApi();
    api.getChangeRequestDiff.mockResolvedValue({ diff: DIFF, truncated: true });
    render(api, cleanRequest);
    fireEvent.click(await screen.findByRole('button', { name: 'Show diff' }));
    expect(await screen.findByRole('note')).toHaveTextContent(
      'it is cut short here',
    );
  });

  it("shows why the diff could not be loaded in the server's words", async () => {
    const api = mockUpgradesApi();
    api.getChangeRequestDiff.mockRejectedValue(
      await responseError(
        409,
        'branch pave/upgrade-go-service-1.4.0-2 is gone',
      ),
    );
    render(api, cleanRequest);
    fireEvent.click(await screen.findByRole('button', { name: 'Show diff' }));
    expect(
      await screen.findByText(
        'Error: branch pave/upgrade-go-service-1.4.0-2 is gone',
      ),
    ).toBeInTheDocument();
  });

  it('says why the plans were not checked', async () => {
    render(mockUpgradesApi(), {
      ...cleanRequest,
      policy: {
        decision: 'not-checked',
        violations: [],
        warnings: 0,
        error: 'the policy engine did not answer in 10 s',
      },
    });
    expect(await screen.findByLabelText('Policy verdict')).toHaveTextContent(
      'Policy: not checkedthe policy engine did not answer in 10 s',
    );
  });
});
