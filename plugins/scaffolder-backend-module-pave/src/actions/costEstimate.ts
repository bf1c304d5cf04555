import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RecordedEstimate } from '@pave/plugin-cost-common';
import { PolicyCheckFetch } from './policyCheck';
import { infraRequestBody, workloadInputSchema } from './workloadInput';

/**
 * Options for {@link createCostEstimateAction}.
 *
 * @public
 */
export interface CostEstimateActionOptions {
  /** Finds the cost backend (`getBaseUrl('cost')`). */
  discovery: DiscoveryService;
  /** Issues the scaffolder's own token for the cost backend. */
  auth: AuthService;
  /** Defaults to the global `fetch`. */
  fetch?: PolicyCheckFetch;
}

/** What the checkpoint keeps of the recorded estimate (JSON). */
type Recorded =
  | {
      monthlyUsd: number;
      complete: boolean;
      environments: Array<{
        environment: string;
        environmentType: string;
        monthlyUsd: number;
        unpriced: number;
      }>;
    }
  | { warning: string };

const usd = (value: number) =>
  value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });

/**
 * `pave:cost:estimate`: records the monthly estimate of a service the task
 * just registered, with the task as its cause, so the entity's Cost tab
 * starts its history at creation. It runs after `pave:catalog:register`
 * (the cost backend refuses an entity the catalog does not hold) and
 * records once per task (a checkpoint). Bad input fails the step; an
 * unreachable cost backend only warns: the service exists, and the cost
 * plugin records its estimate from the catalog Resources on its next round.
 *
 * @public
 */
export function createCostEstimateAction(options: CostEstimateActionOptions) {
  const { discovery, auth } = options;
  const fetchFn: PolicyCheckFetch = options.fetch ?? fetch;
  return createTemplateAction({
    id: 'pave:cost:estimate',
    description:
      "Records the monthly cost estimate of a newly created service (list prices from Pave's pricing catalog, per environment) in its cost history, with the task as the cause.",
    supportsDryRun: true,
    schema: {
      input: {
        ...workloadInputSchema,
        entityRef: z =>
          z
            .string()
            .describe(
              'The registered component, e.g. component:default/refunds',
            ),
        costCenter: z =>
          z
            .string()
            .describe(
              "Cost centre for the plan's tags (pave:policy:check outputs the owner's)",
            ),
      },
      output: {
        monthlyUsd: z =>
          z
            .number()
            .optional()
            .describe('Estimated monthly cost, all environments (USD)'),
        complete: z =>
          z
            .boolean()
            .optional()
            .describe('False when some resource could not be priced'),
      },
    },
    async handler(ctx) {
      const { entityRef, owner, costCenter, system, environments } = ctx.input;
      const request = infraRequestBody({
        ...ctx.input,
        owner,
        costCenter,
        system,
        environments,
      });
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would record the estimate of ${entityRef}`);
        return;
      }
      const recorded = await ctx.checkpoint({
        key: `cost-estimate-${entityRef}`,
        fn: async (): Promise<Recorded> => {
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: await auth.getOwnServiceCredentials(),
            targetPluginId: 'cost',
          });
          const baseUrl = await discovery.getBaseUrl('cost');
          let response: Response;
          try {
            response = await fetchFn(
              `${baseUrl}/entities/${encodeURIComponent(entityRef)}/estimates`,
              {
                method: 'POST',
                headers: {
                  'Content-Type': 'application/json',
                  Authorization: `Bearer ${token}`,
                },
                body: JSON.stringify({
                  request,
                  cause: { kind: 'task', taskId: ctx.task.id },
                }),
              },
            );
          } catch (error) {
            return { warning: (error as Error).message };
          }
          if (!response.ok) {
            const error = await ResponseError.fromResponse(response);
            if (response.status >= 400 && response.status < 500) {
              throw new InputError(
                `Cost estimate refused: ${error.body.error.message}`,
              );
            }
            return { warning: error.message };
          }
          const body = (await response.json()) as RecordedEstimate;
          return {
            monthlyUsd: body.monthlyUsd,
            complete: body.complete,
            environments: body.estimate.environments.map(env => ({
              environment: env.environment,
              environmentType: env.environmentType,
              monthlyUsd: env.monthlyUsd,
              unpriced: env.unpriced.length,
            })),
          };
        },
      });
      if ('warning' in recorded) {
        ctx.logger.warn(
          `The cost estimate of ${entityRef} was not recorded (${recorded.warning}); the cost plugin records it from the catalog on its next refresh`,
        );
        return;
      }
      for (const env of recorded.environments) {
        ctx.logger.info(
          `${env.environment} (${env.environmentType}): ${usd(
            env.monthlyUsd,
          )}/month${env.unpriced ? ` or more (${env.unpriced} unpriced)` : ''}`,
        );
      }
      ctx.logger.info(
        `Estimated ${usd(recorded.monthlyUsd)}/month for ${entityRef}${
          recorded.complete ? '' : ' (a floor: some resources are unpriced)'
        }; recorded in its cost history`,
      );
      ctx.output('monthlyUsd', recorded.monthlyUsd);
      ctx.output('complete', recorded.complete);
    },
  });
}
