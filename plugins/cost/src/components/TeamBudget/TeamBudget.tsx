import Typography from '@material-ui/core/Typography';
import { TeamBudgetStatus } from '@pave/plugin-cost-common';
import { environmentTypesOf } from '@pave/plugin-cost-react';
import { BudgetBar } from './BudgetBar';
import { BudgetErrors } from './BudgetErrors';

/**
 * A team's budgets against everything it owns: the total and one line per
 * environment type, components not counted, and budget annotations to fix.
 */
export function TeamBudget(props: { status: TeamBudgetStatus }) {
  const { status } = props;
  const types = environmentTypesOf(status.byEnvironmentType);
  return (
    <>
      <BudgetErrors groupRef={status.groupRef} errors={status.errors} />
      <BudgetBar label="Total" line={status.total} />
      {types.map(type => (
        <BudgetBar
          key={type}
          label={type}
          line={status.byEnvironmentType[type]!}
        />
      ))}
      {status.unestimated > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          {status.unestimated === 1
            ? '1 owned component has no recorded estimate and is not counted.'
            : `${status.unestimated} owned components have no recorded estimate and are not counted.`}
        </Typography>
      )}
    </>
  );
}
