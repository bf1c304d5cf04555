import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  COST_CENTER_ANNOTATION,
  TemplateCheckResponse,
} from '@pave/plugin-policy-common';

/**
 * What the check judged: the cost centre and, per environment, where the
 * infrastructure goes and how much of it there is.
 */
export function PlanSummary(props: { verdict: TemplateCheckResponse }) {
  const { costCenter, plans } = props.verdict;
  return (
    <>
      <Typography variant="body2">
        {costCenter
          ? `Cost centre: ${costCenter}`
          : `No cost centre: the owning group has no ${COST_CENTER_ANNOTATION} annotation.`}
      </Typography>
      <List dense disablePadding>
        {plans.map(plan => (
          <ListItem key={plan.environment} disableGutters>
            <ListItemText
              primary={plan.environment}
              secondary={`${plan.environmentType} environment · ${plan.cloud} ${
                plan.region
              } · ${plan.resources.length} cloud resource${
                plan.resources.length === 1 ? '' : 's'
              }`}
            />
          </ListItem>
        ))}
      </List>
    </>
  );
}
