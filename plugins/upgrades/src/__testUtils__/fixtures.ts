import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  BulkUpgrade,
  ChangeRequest,
  TemplateServices,
  UpgradesApi,
  UpgradeStatus,
} from '@pave/plugin-upgrades-common';

/** An {@link UpgradesApi} whose methods are jest mocks, answering nothing. */
export function mockUpgradesApi(): jest.Mocked<UpgradesApi> {
  return {
    getStatus: jest.fn(),
    getTemplateServices: jest.fn(),
    createChangeRequest: jest.fn(),
    listChangeRequests: jest.fn(),
    getChangeRequest: jest.fn(),
    getChangeRequestDiff: jest.fn(),
    startBulkUpgrade: jest.fn(),
    getBulkUpgrade: jest.fn(),
    listBulkUpgrades: jest.fn().mockResolvedValue({ items: [] }),
  };
}

/** A refusal as the client rejects with it: the server's words in the body. */
export async function responseError(
  statusCode: 400 | 403 | 409,
  message: string,
): Promise<ResponseError> {
  const names = {
    400: 'InputError',
    403: 'NotAllowedError',
    409: 'ConflictError',
  };
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: names[statusCode], message },
        response: { statusCode },
      }),
      { status: statusCode, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

/** A conflicted upgrade of orders from 1.2.0 to 1.4.0, denied by policy. */
export const conflictedRequest: ChangeRequest = {
  id: 'cr-1',
  entityRef: 'component:default/orders',
  repository: 'orders',
  template: 'template:default/go-service',
  fromVersion: '1.2.0',
  toVersion: '1.4.0',
  branch: 'pave/upgrade-go-service-1.4.0',
  commit: 'aaaaaaaaaaaabbbbbbbbbbbbccccccccccccdddd',
  mainCommit: '111111111111222222222222333333333333444a',
  status: 'conflicted',
  files: [
    { path: 'Dockerfile', change: 'modified' },
    { path: 'docs/runbook.md', change: 'added' },
  ],
  conflicts: [
    { path: 'Dockerfile', kind: 'content' },
    { path: 'config/legacy.yaml', kind: 'deleted-by-template' },
  ],
  policy: {
    decision: 'deny',
    violations: [
      {
        policyId: 'db-encryption',
        message: 'databases must be encrypted at rest',
        resource: 'production/aws_db_instance.main',
        remediation: 'set storage_encrypted = true',
      },
    ],
    warnings: 1,
  },
  createdBy: 'user:default/tom.becker',
  createdAt: '2026-12-07T10:00:00.000Z',
};

/** A clean upgrade, opened after {@link conflictedRequest}. */
export const cleanRequest: ChangeRequest = {
  ...conflictedRequest,
  id: 'cr-2',
  branch: 'pave/upgrade-go-service-1.4.0-2',
  status: 'clean',
  files: [{ path: 'Makefile', change: 'deleted' }],
  conflicts: [],
  policy: { decision: 'allow', violations: [], warnings: 0 },
  createdAt: '2026-12-08T09:00:00.000Z',
};

/** orders: at 1.2.0 of go-service, which is at 1.4.0. */
export function behindStatus(name = 'orders'): UpgradeStatus {
  return {
    entityRef: `component:default/${name}`,
    template: 'template:default/go-service',
    version: '1.2.0',
    latestVersion: '1.4.0',
    behind: true,
    changeRequests: [],
  };
}

/** The go-service template as the catalog has it. */
export const goServiceTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'go-service', namespace: 'default' },
  spec: { type: 'service' },
};

/** go-service's services: two behind at 1.2.0, one current, one unknown. */
export const goServices: TemplateServices = {
  template: 'template:default/go-service',
  latestVersion: '1.4.0',
  versions: [
    {
      version: '1.4.0',
      behind: false,
      services: [
        {
          entityRef: 'component:default/billing',
          owner: 'group:default/finance',
        },
      ],
    },
    {
      version: '1.2.0',
      behind: true,
      services: [
        {
          entityRef: 'component:default/ledger',
          title: 'Ledger',
          owner: 'group:default/finance',
        },
        {
          entityRef: 'component:default/orders',
          owner: 'group:default/payments',
        },
      ],
    },
    {
      version: 'unknown',
      behind: false,
      services: [
        {
          entityRef: 'component:default/legacy',
          owner: 'group:default/payments',
        },
      ],
    },
  ],
};

/** A bulk run over {@link goServices}' three candidates, as it starts. */
export const startedRun: BulkUpgrade = {
  id: 'bulk-1',
  template: 'template:default/go-service',
  toVersion: '1.4.0',
  state: 'running',
  createdBy: 'user:default/platform.lead',
  createdAt: '2026-12-08T10:00:00.000Z',
  counts: { pending: 3, clean: 0, conflicted: 0, failed: 0 },
  items: [
    { entityRef: 'component:default/ledger', status: 'pending' },
    { entityRef: 'component:default/legacy', status: 'pending' },
    { entityRef: 'component:default/orders', status: 'pending' },
  ],
};

/** {@link startedRun} finished: one clean, one conflicted, one failed. */
export const finishedRun: BulkUpgrade = {
  ...startedRun,
  state: 'done',
  finishedAt: '2026-12-08T10:00:09.000Z',
  counts: { pending: 0, clean: 1, conflicted: 1, failed: 1 },
  items: [
    {
      entityRef: 'component:default/ledger',
      status: 'clean',
      changeRequestId: 'cr-10',
      policy: 'allow',
      durationMs: 1830,
    },
    {
      entityRef: 'component:default/legacy',
      status: 'failed',
      error: 'component:default/legacy records no template in its repository',
      durationMs: 40,
    },
    {
      entityRef: 'component:default/orders',
      status: 'conflicted',
      changeRequestId: 'cr-11',
      policy: 'deny',
      durationMs: 2410,
    },
  ],
};
