import { AuthService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { errorMessage, parseInput } from '@pave/common';
import { CostService } from '@pave/plugin-cost-node';
import { environmentPlansSchema } from '@pave/plugin-infra-common';

/**
 * Options for {@link createCostEstimateAction}.
 *
 * @public
 */
export interface CostEstimateActionOptions {
  /** The cost plugin (`costServiceRef`). */
  cost: CostService;
  /** The scaffolder's own credentials: it records, not the user. */
  auth: AuthService;
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
 * starts its history at creation. It prices the plans an earlier step made
 * (`pave:infra:synth`'s output), never planning again. It runs after
 * `pave:catalog:register` (the cost backend refuses an entity the catalog
 * does not hold) and records once per task (a checkpoint). Bad input fails
 * the step; an unreachable cost backend only warns: the service exists,
 * and the cost plugin records its estimate from the catalog Resources on
 * its next round.
 *
 * @public
 */
export function createCostEstimateAction(options: CostEstimateActionOptions) {
  const { cost, auth } = options;
  return createTemplateAction({
    id: 'pave:cost:estimate',
    description:
      "Records the monthly cost estimate of a newly created service (list prices from Pave's pricing catalog, per environment) in its cost history, with the task as the cause.",
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The registered component, e.g. component:default/refunds',
            ),
        plans: z =>
          z
            .array(z.record(z.unknown()))
            .describe(
              'The normalized plan per environment to price: the plans output of pave:infra:synth',
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
      const { entityRef } = ctx.input;
      const plans = parseInput(
        environmentPlansSchema,
        ctx.input.plans,
        'plans',
      );
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would record the estimate of ${entityRef}`);
        return;
      }
      const recorded = await ctx.checkpoint({
        key: `cost-estimate-${entityRef}`,
        fn: async (): Promise<Recorded> => {
          try {
            const body = await cost.recordEstimate(
              entityRef,
              { plans, cause: { kind: 'task', taskId: ctx.task.id } },
              { credentials: await auth.getOwnServiceCredentials() },
            );
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
          } catch (error) {
            if (
              ResponseError.is(error) &&
              error.statusCode >= 400 &&
              error.statusCode < 500
            ) {
              throw new InputError(
                `Cost estimate refused: ${errorMessage(error)}`,
              );
            }
            return { warning: errorMessage(error as Error) };
          }
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
