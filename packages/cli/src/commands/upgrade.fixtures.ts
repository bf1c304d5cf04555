import type { ChangeRequest } from '@pave/plugin-upgrades-common';

/** For the tests of `pave upgrade`: the component and template they use. */
export const ORDERS = 'component:default/orders';
export const TEMPLATE = 'template:default/node-http-service';

/**
 * For the tests of `pave upgrade`: a change request as
 * `POST /api/upgrades/change-requests` answers it, with a conflict of
 * each kind Pave resolves differently.
 */
export function changeRequest(
  overrides: Partial<ChangeRequest> = {},
): ChangeRequest {
  return {
    id: 'cr-7f3a',
    entityRef: ORDERS,
    repository: 'orders',
    template: TEMPLATE,
    fromVersion: '1.1.0',
    toVersion: '1.2.0',
    branch: 'pave/upgrade-1.2.0',
    commit: 'c0ffee00112233445566778899aabbccddeeff00',
    mainCommit: 'deadbeef112233445566778899aabbccddeeff00',
    status: 'conflicted',
    files: [
      { path: '.github/workflows/ci.yaml', change: 'added' },
      { path: 'package.json', change: 'modified' },
      { path: 'docs/old.md', change: 'deleted' },
    ],
    conflicts: [
      { path: 'src/index.ts', kind: 'content' },
      { path: 'docs/runbook.md', kind: 'deleted-by-team' },
      { path: 'legacy.yaml', kind: 'deleted-by-template' },
    ],
    policy: {
      decision: 'allow',
      violations: [],
      warnings: 0,
      policySet: `sha256:${'0a1b2c3d4e5f'.repeat(5)}abcd`,
    },
    createdBy: 'user:default/jdoe',
    createdAt: '2026-03-02T10:15:30.000Z',
    ...overrides,
  };
}
