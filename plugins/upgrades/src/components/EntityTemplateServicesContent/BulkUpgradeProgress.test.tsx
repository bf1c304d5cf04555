import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  finishedRun,
  mockUpgradesApi,
  responseError,
  startedRun,
} from '../../__testUtils__/fixtures';
import { upgradesApiRef } from '../../api';
import { BulkUpgradeProgress, POLL_MS } from './BulkUpgradeProgress';

jest.setTimeout(20_000);

function render(
  api: ReturnType<typeof mockUpgradesApi>,
  props: Parameters<typeof BulkUpgradeProgress>[0],
) {
  return renderInTestApp(<BulkUpgradeProgress {...props} />, {
    apis: [[upgradesApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('BulkUpgradeProgress', () => {
  it('reads a running run until it is done, then stops', async () => {
    const api = mockUpgradesApi();
    api.getBulkUpgrade
      .mockResolvedValueOnce(startedRun)
      .mockResolvedValueOnce(finishedRun);
    const onDone = jest.fn();
    render(api, { id: 'bulk-1', onDone });
    expect(await screen.findByLabelText('Done')).toHaveTextContent(
      '0 of 3 done',
    );
    expect(screen.getByText(/^Running · started by/)).toBeInTheDocument();
    await waitFor(
      () =>
        expect(screen.getByLabelText('Done')).toHaveTextContent('3 of 3 done'),
      { timeout: 3 * POLL_MS },
    );
    expect(
      screen.getByRole('progressbar', { name: 'Bulk upgrade progress' }),
    ).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByText(/^Done · started by/)).toBeInTheDocument();
    expect(onDone).toHaveBeenCalledWith(finishedRun);
    // No read after done.
    await new Promise(resolve => setTimeout(resolve, POLL_MS * 1.5));
    expect(api.getBulkUpgrade).toHaveBeenCalledTimes(2);
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('shows a finished run without reading it again', async () => {
    const api = mockUpgradesApi();
    render(api, { id: 'bulk-1', initial: finishedRun });
    expect(await screen.findByLabelText('Counts')).toHaveTextContent(
      '1 clean · 1 conflicted · 1 failed · 0 pending',
    );
    expect(api.getBulkUpgrade).not.toHaveBeenCalled();
  });

  it('stops on a failed read, says why, and tries again when asked', async () => {
    const api = mockUpgradesApi();
    api.getBulkUpgrade
      .mockRejectedValueOnce(await responseError(400, 'No bulk upgrade bulk-1'))
      .mockResolvedValueOnce(finishedRun);
    render(api, { id: 'bulk-1' });
    expect(
      await screen.findByText('Error: No bulk upgrade bulk-1'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('Done')).toHaveTextContent(
      '3 of 3 done',
    );
    expect(screen.queryByText('Error: No bulk upgrade bulk-1')).toBeNull();
  });
});
