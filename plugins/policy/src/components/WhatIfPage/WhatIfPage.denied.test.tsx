import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { policyApiRef } from '../../api';
import { mockPolicyApi } from '../../__testUtils__/verdicts';
import { WhatIfPage } from './WhatIfPage';

// Its own file: the permission hook caches a decision for the whole run.
describe('WhatIfPage without the platform permission', () => {
  it('explains who may run it and offers no upload', async () => {
    const api = mockPolicyApi();
    await renderInTestApp(<WhatIfPage />, {
      apis: [[policyApiRef, api], mockApis.permission({ authorize: 'DENY' })],
    });
    expect(
      await screen.findByText(/Only the platform team may run a what-if/),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Draft policy directory')).toBeNull();
    expect(api.whatIf).not.toHaveBeenCalled();
  });
});
