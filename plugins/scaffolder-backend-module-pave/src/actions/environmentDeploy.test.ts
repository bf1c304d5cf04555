import { mockCredentials } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type {
  Deployment,
  DeploymentEvent,
} from '@pave/plugin-environments-common';
import type { EnvironmentsService } from '@pave/plugin-environments-node';
import { createEnvironmentDeployAction } from './environmentDeploy';

/**
 * The action's own logic over a scripted orchestrator: what it logs while a
 * deploy goes through its steps, what it outputs at the end, and when it
 * warns instead of failing. (The real orchestrator behind it runs in the
 * wizard's end-to-end test.)
 */
function orchestrator(options: {
  environments?: string[];
  /** What each getDeployment answers, in turn (the last one repeats). */
  states?: Array<Partial<Deployment> & { steps?: string[] }>;
  deployError?: Error;
}) {
  const calls: string[] = [];
  let poll = 0;
  const states = options.states ?? [];
  const service: EnvironmentsService = {
    listEnvironments: async () => ({
      items: (options.environments ?? ['local']).map(name => ({
        name,
        runtime: 'local' as const,
      })),
    }),
    listDeployments: async () => ({ items: [] }),
    deploy: async (request, { credentials }) => {
      calls.push(
        `deploy ${request.entityRef} ${request.environment} as ${
          (credentials.principal as { userEntityRef: string }).userEntityRef
        }`,
      );
      if (options.deployError) throw options.deployError;
      return { id: 'd-1', status: 'deploying' } as Deployment;
    },
    getDeployment: async () => {
      const state = states[Math.min(poll++, states.length - 1)];
      const events: DeploymentEvent[] = (state.steps ?? []).map(detail => ({
        at: '2026-12-07T08:00:00Z',
        action: 'step',
        actor: 'user:default/guest',
        outcome: 'started',
        detail,
      }));
      return { id: 'd-1', ...state, events } as Deployment & {
        events: DeploymentEvent[];
      };
    },
  };
  return { service, calls };
}

async function run(service: EnvironmentsService) {
  const action = createEnvironmentDeployAction({
    environments: service,
    pollMs: 1,
  });
  const ctx = createMockActionContext({
    input: {
      entityRef: 'component:default/refunds',
      environment: 'local',
      timeoutSeconds: 60,
    },
    user: { ref: 'user:default/guest' },
  });
  ctx.getInitiatorCredentials = async () =>
    mockCredentials.user('user:default/guest');
  const logged: string[] = [];
  for (const level of ['info', 'warn'] as const) {
    const logger = ctx.logger as Record<typeof level, (m: string) => void>;
    jest.spyOn(logger, level).mockImplementation((message: string) => {
      logged.push(`${level}: ${message}`);
    });
  }
  await action.handler(ctx as any);
  const outputs = Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
  return { outputs, logged };
}

describe('pave:environment:deploy', () => {
  it('deploys as the initiator, logs each step once, and outputs the running URL', async () => {
    const { service, calls } = orchestrator({
      states: [
        { status: 'deploying', steps: ['fetch: refunds at 1a2b3c4'] },
        {
          status: 'deploying',
          steps: ['fetch: refunds at 1a2b3c4', 'provision: db (postgres)'],
        },
        {
          status: 'running',
          url: 'http://127.0.0.1:41234',
          steps: [
            'fetch: refunds at 1a2b3c4',
            'provision: db (postgres)',
            'start: node dist/main.js on http://127.0.0.1:41234',
          ],
        },
      ],
    });
    const { outputs, logged } = await run(service);
    expect(calls).toEqual([
      'deploy component:default/refunds local as user:default/guest',
    ]);
    expect(logged.filter(l => l.includes('provision: db'))).toHaveLength(1);
    expect(logged).toContain(
      'info: refunds is running in local at http://127.0.0.1:41234 (ready)',
    );
    expect(outputs).toEqual({
      status: 'running',
      url: 'http://127.0.0.1:41234',
      title: 'Running service (local)',
      deploymentId: 'd-1',
    });
  });

  it('warns, pointing at the Environments tab, when the deploy fails', async () => {
    const { service } = orchestrator({
      states: [{ status: 'failed', error: 'npm ci failed (exit 1)' }],
    });
    const { outputs, logged } = await run(service);
    expect(outputs).toMatchObject({
      status: 'failed',
      url: '/catalog/default/component/refunds/environments',
    });
    expect(logged.join('\n')).toMatch(
      /warn: The deploy to local failed: npm ci failed \(exit 1\)/,
    );
  });

  it('skips, saying why, where this Pave runs no such environment', async () => {
    const { service, calls } = orchestrator({ environments: [] });
    const { outputs, logged } = await run(service);
    expect(calls).toEqual([]);
    expect(outputs.status).toBe('skipped');
    expect(logged.join('\n')).toMatch(/PAVE_LOCAL_TARGET=off/);
  });

  it('skips with the reason when the initiator may not deploy it', async () => {
    const refused = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'environment-owners-only: only its owners deploy it',
          },
          // As Backstage's error handler answers.
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ) as any,
    );
    const { service } = orchestrator({ deployError: refused });
    const { outputs, logged } = await run(service);
    expect(outputs.status).toBe('skipped');
    expect(logged.join('\n')).toMatch(
      /Not deployed to local: environment-owners-only: only its owners deploy it/,
    );
  });
});
