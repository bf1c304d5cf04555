import { Command } from 'commander';
import { COST_CENTER_ANNOTATION } from '@pave/common';
import type { DataClassification } from '@pave/plugin-infra-common';
import { CommandContext, action, examples } from '../lib/action';
import { groupRef } from '../lib/refs';
import { CliError, EXIT } from '../lib/exitCodes';
import { renderCost, usd } from '../lib/render';
import {
  WorkloadFlags,
  readWorkloadInput,
  workloadOptions,
} from '../lib/workloadInput';

/**
 * The owning group's cost centre (its `pave.dev/cost-center` annotation),
 * the default template-check applies too.
 */
async function groupCostCenter(
  ctx: CommandContext,
  owner: string,
): Promise<string> {
  const session = ctx.session();
  const group = await session.catalog.getEntityByRef(
    owner,
    await session.requestOptions(),
  );
  const costCenter = group?.metadata.annotations?.[COST_CENTER_ANNOTATION];
  if (!costCenter) {
    throw new CliError(
      `--cost-center: required (${owner} ${
        group
          ? `has no ${COST_CENTER_ANNOTATION} annotation`
          : 'is not in the catalog'
      }), e.g. --cost-center CC-2100`,
      EXIT.usage,
    );
  }
  return costCenter;
}

/** `pave cost estimate`, `pave cost team`. */
export function registerCostCommands(program: Command) {
  const cost = examples(
    program
      .command('cost')
      .description(
        'What services cost: estimates before creation, team roll-ups',
      ),
    ['pave cost estimate score.yaml --env dev,prod', 'pave cost team payments'],
  );

  examples(
    workloadOptions(
      cost
        .command('estimate')
        .description(
          'Price a Score workload per environment against the team budget (list prices, per month)',
        ),
    ).action(
      action(async (ctx, file: string, flags: WorkloadFlags) => {
        const input = readWorkloadInput(file, flags);
        const session = ctx.session();
        const owner = groupRef(input.owner);
        const costCenter =
          input.costCenter ?? (await groupCostCenter(ctx, owner));
        const estimate = await session.cost.estimate(
          {
            workload: input.workload as any,
            ownership: {
              owner,
              costCenter,
              ...(input.system ? { system: input.system } : {}),
              ...(input.dataClassification
                ? {
                    dataClassification:
                      input.dataClassification as DataClassification,
                  }
                : {}),
            },
            environments: input.environments,
          },
          await session.requestOptions(),
        );
        ctx.out.data(estimate);
        renderCost(ctx.out, estimate);
        return estimate.budget && !estimate.budget.withinBudget
          ? EXIT.failed
          : EXIT.ok;
      }),
    ),
    [
      'pave cost estimate score.yaml --env dev,prod --owner payments',
      'pave cost estimate --json | jq .monthlyUsd',
    ],
  );

  examples(
    cost
      .command('team')
      .argument('<group>', 'the team: payments or group:default/payments')
      .description('A team’s budgets and what it owns, most expensive first')
      .action(
        action(async (ctx, group: string) => {
          const session = ctx.session();
          const team = await session.cost.getGroupCost(
            groupRef(group),
            await session.requestOptions(),
          );
          const { out } = ctx;
          out.data(team);
          const total = team.budget.total;
          out.line(
            `${out.c.bold(team.groupRef)}: ${usd(total.ownedUsd)}/month of ${
              total.budgetUsd === undefined
                ? 'no budget set'
                : `${usd(total.budgetUsd)} (${usd(total.remainingUsd)} left)`
            }`,
          );
          for (const [type, line] of Object.entries(
            team.budget.byEnvironmentType,
          )) {
            out.line(
              `  ${type}: ${usd(line?.ownedUsd)}${
                line?.budgetUsd === undefined
                  ? ' (no budget for this type)'
                  : ` of ${usd(line.budgetUsd)}`
              }`,
            );
          }
          out.line();
          out.table(team.entities, [
            { header: 'ENTITY', value: e => e.entityRef },
            {
              header: 'MONTHLY',
              value: e => usd(e.monthlyUsd),
              align: 'right',
            },
            {
              header: 'LAST BILLED',
              value: e =>
                e.lastActual
                  ? `${usd(e.lastActual.actualUsd)} (${e.lastActual.month})`
                  : '',
              align: 'right',
            },
            { header: 'ESTIMATED', value: e => e.recordedAt?.slice(0, 10) },
          ]);
          if (team.budget.unestimated) {
            out.line(
              out.c.dim(`${team.budget.unestimated} owned without an estimate`),
            );
          }
        }),
      ),
    ['pave cost team payments', 'pave cost team group:default/payments --json'],
  );
}
