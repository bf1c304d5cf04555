import { InputError, ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { errorMessage } from '@pave/common';
import {
  Deployment,
  environmentsTabPath,
} from '@pave/plugin-environments-common';
import type { EnvironmentsService } from '@pave/plugin-environments-node';

/**
 * Options for {@link createEnvironmentDeployAction}.
 *
 * @public
 */
export interface EnvironmentDeployActionOptions {
  /** The environment orchestrator (`environmentsServiceRef`). */
  environments: EnvironmentsService;
  /** How often the deployment is polled for progress (tests shorten it). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * `pave:environment:deploy`: runs the service the task just published in
 * an environment of the orchestrator (the local target's `local` by
 * default), for the task initiator — the same permission and Cedar
 * decision as the Deploy button. It follows the deploy step by step into
 * the task log and outputs the running service's URL. The service exists
 * whatever happens here, so a deploy that fails (or an orchestrator that
 * runs no such environment) is a warning pointing at the Environments tab,
 * not a failed task; bad input still fails the step.
 *
 * @public
 */
export function createEnvironmentDeployAction(
  options: EnvironmentDeployActionOptions,
) {
  const { environments, pollMs = 1000 } = options;
  return createTemplateAction({
    id: 'pave:environment:deploy',
    description:
      "Deploys a registered component from Pave's repository store to an environment (the local target by default), waits until it answers its readiness probe, and outputs its URL.",
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The registered component, e.g. component:default/refunds',
            ),
        environment: z =>
          z
            .string()
            .default('local')
            .describe('The environment to run it in (default: local)'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(10)
            .max(1800)
            .default(600)
            .describe('How long to wait for it to be ready (default 600)'),
      },
      output: {
        status: z =>
          z
            .string()
            .describe(
              'running, failed, skipped (no such environment here) or deploying (still going when the wait ended)',
            ),
        url: z =>
          z
            .string()
            .describe(
              "The running service's URL, else its Environments tab in the portal",
            ),
        title: z =>
          z.string().describe('A link title for the url: what it opens'),
        deploymentId: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const { entityRef, environment, timeoutSeconds } = ctx.input;
      let ref;
      try {
        ref = parseEntityRef(entityRef);
      } catch (error) {
        throw new InputError(`entityRef: ${(error as Error).message}`);
      }
      const tab = environmentsTabPath(ref);
      const credentials = await ctx.getInitiatorCredentials();
      const outcome = (
        status: string,
        url = tab,
        title = 'Environments',
        deploymentId?: string,
      ) => {
        ctx.output('status', status);
        ctx.output('url', url);
        ctx.output('title', title);
        if (deploymentId) ctx.output('deploymentId', deploymentId);
      };

      const offer = await environments.listEnvironments({ credentials });
      if (!offer.items.some(e => e.name === environment)) {
        ctx.logger.warn(
          `Not deployed: this Pave runs no environment ${environment} (it runs ${
            offer.items.map(e => e.name).join(', ') || 'none'
          }); the local target is switched off with PAVE_LOCAL_TARGET=off`,
        );
        outcome('skipped');
        return;
      }

      // Once per task: a retried task follows the same deployment.
      let accepted: Pick<Deployment, 'id'>;
      try {
        accepted = await ctx.checkpoint({
          key: `deploy-${entityRef}-${environment}`,
          fn: async () => {
            const deployment = await environments.deploy(
              { entityRef, environment },
              { credentials },
            );
            return { id: deployment.id };
          },
        });
      } catch (error) {
        if (ResponseError.is(error) && [400, 403].includes(error.statusCode)) {
          ctx.logger.warn(
            `Not deployed to ${environment}: ${errorMessage(
              error,
            )}. The service is created; its owners can deploy it from ${tab}`,
          );
          outcome('skipped');
          return;
        }
        throw error;
      }

      ctx.logger.info(`Deploying ${ref.name} to ${environment}…`);
      const deadline = Date.now() + timeoutSeconds * 1000;
      let reported = 0;
      for (;;) {
        const deployment = await environments.getDeployment(accepted.id, {
          credentials,
        });
        // The orchestrator's history, oldest first: report what is new.
        const steps = deployment.events.filter(e => e.action === 'step');
        for (const step of steps.slice(reported)) {
          ctx.logger.info(`  ${step.detail}`);
        }
        reported = steps.length;
        if (deployment.status === 'running' && deployment.url) {
          ctx.logger.info(
            `${ref.name} is running in ${environment} at ${deployment.url} (ready)`,
          );
          outcome(
            'running',
            deployment.url,
            `Running service (${environment})`,
            deployment.id,
          );
          return;
        }
        if (deployment.status === 'failed') {
          ctx.logger.warn(
            `The deploy to ${environment} failed: ${
              deployment.error ?? 'no reason given'
            }. The service is created; see its logs and deploy again from ${tab}`,
          );
          outcome('failed', tab, 'Environments', deployment.id);
          return;
        }
        if (Date.now() > deadline) {
          ctx.logger.warn(
            `Still ${deployment.status} after ${timeoutSeconds} s; follow it on ${tab}`,
          );
          outcome(deployment.status, tab, 'Environments', deployment.id);
          return;
        }
        if (ctx.signal?.aborted) {
          throw new Error('cancelled');
        }
        await sleep(pollMs);
      }
    },
  });
}
