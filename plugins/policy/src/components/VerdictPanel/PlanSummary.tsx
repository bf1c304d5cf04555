import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { WiredField } from '@pave/plugin-infra-common';
import {
  COST_CENTER_ANNOTATION,
  TemplateCheckResponse,
} from '@pave/plugin-policy-common';

/** Where one placeholder's value comes from, never the value of a secret. */
function describeSource(ref: WiredField['references'][number]): string {
  const name = ref.resource ? `${ref.resource}.${ref.output}` : ref.placeholder;
  switch (ref.source.from) {
    case 'secret':
      return `${name} (secret)`;
    case 'value':
      return `${name} = ${ref.source.value}`;
    case 'terraform':
      return `${name} (Terraform output ${ref.source.output})`;
    default:
      return `${name} (environment config)`;
  }
}

/**
 * How a Score file's placeholders resolve in one environment:
 * `DATABASE_URL ← db.username = pave_admin, db.password (secret), …`.
 */
export function WiringList(props: { wiring: WiredField[] }) {
  return (
    <List dense disablePadding aria-label="Wiring">
      {props.wiring.map(field => (
        <ListItem key={field.field} disableGutters>
          <ListItemText
            primaryTypographyProps={{ variant: 'body2' }}
            primary={`${
              field.field.split('.').slice(-1)[0]
            } ← ${field.references.map(describeSource).join(', ')}`}
          />
        </ListItem>
      ))}
    </List>
  );
}

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
          <ListItem
            key={plan.environment}
            disableGutters
            style={{ flexDirection: 'column', alignItems: 'flex-start' }}
          >
            <ListItemText
              primary={plan.environment}
              secondary={`${plan.environmentType} environment · ${plan.cloud} ${
                plan.region
              } · ${plan.resources.length} cloud resource${
                plan.resources.length === 1 ? '' : 's'
              }`}
            />
            {plan.wiring?.length ? <WiringList wiring={plan.wiring} /> : null}
          </ListItem>
        ))}
      </List>
    </>
  );
}
