import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { TemplateCheckResponse } from '@pave/plugin-policy-common';
import { ReactNode, useId } from 'react';
import { errorMessage } from '@pave/common';
import { isRefusal } from '../isRefusal';
import { CostSummary } from './CostSummary';
import { DecisionHeader } from './DecisionHeader';
import { PlanSummary } from './PlanSummary';
import { Finding, ViolationList, groupByField } from '../ViolationList';

const useStyles = makeStyles(theme => ({
  root: { padding: theme.spacing(2) },
  stale: { opacity: 0.6 },
  section: { marginTop: theme.spacing(2) },
}));

/** Props of {@link VerdictPanel}. */
export interface VerdictPanelProps {
  /** The field's title from the template; "Guardrails" when it has none. */
  title?: string;
  description?: string;
  verdict?: TemplateCheckResponse;
  /** A check is on its way; a verdict shown meanwhile is the previous one. */
  loading?: boolean;
  /** Why no verdict can be had: the request failed or was refused. */
  error?: Error;
  /** What the wizard still lacks before a check makes sense. */
  incomplete?: string;
}

function Section(props: { title: string; children: ReactNode }) {
  const classes = useStyles();
  const id = useId();
  return (
    <section aria-labelledby={id} className={classes.section}>
      <Typography id={id} variant="subtitle2" component="h4">
        {props.title}
      </Typography>
      {props.children}
    </section>
  );
}

function FailedCheck(props: { error: Error }) {
  const message = errorMessage(props.error);
  return isRefusal(props.error) ? (
    <Typography color="error" role="alert">
      {message}
    </Typography>
  ) : (
    <Typography color="error" role="alert">
      The guardrails could not be checked ({message}). You cannot continue until
      they are; try again in a moment.
    </Typography>
  );
}

/**
 * The policy verdict on the template run the wizard describes: the
 * decision, each broken rule under the wizard field it concerns, advice,
 * what the plans cost against the team's budgets, and what was planned.
 * Presentational; the field feeds it.
 */
export function VerdictPanel(props: VerdictPanelProps) {
  const { verdict, loading, error, incomplete } = props;
  const classes = useStyles();
  const shown = !incomplete && !error ? verdict : undefined;
  const errors: Finding[] = shown?.errors ?? [];

  return (
    <Paper variant="outlined" className={classes.root}>
      <Typography variant="h6" component="h3">
        {props.title ?? 'Guardrails'}
      </Typography>
      {props.description && (
        <Typography variant="body2" color="textSecondary">
          {props.description}
        </Typography>
      )}
      {loading && <LinearProgress aria-label="Checking the guardrails" />}
      {incomplete && (
        <Typography color="textSecondary">{incomplete}</Typography>
      )}
      {!incomplete && error && <FailedCheck error={error} />}
      {!incomplete && !error && !verdict && loading && (
        <Typography color="textSecondary">Checking the guardrails…</Typography>
      )}
      {shown && (
        <Box className={loading ? classes.stale : undefined}>
          <DecisionHeader verdict={shown} />
          {groupByField(shown.violations).map(group => (
            <Section key={group.label} title={group.label}>
              <ViolationList findings={group.violations} />
            </Section>
          ))}
          {errors.length > 0 && (
            <Section title="Could not be evaluated">
              <ViolationList findings={errors} />
            </Section>
          )}
          {shown.warnings.length > 0 && (
            <Section title="Advice">
              <ViolationList findings={shown.warnings} />
            </Section>
          )}
          {shown.cost && (
            <Section title="Cost">
              <CostSummary cost={shown.cost} />
            </Section>
          )}
          <Section title="Plan">
            <PlanSummary verdict={shown} />
          </Section>
        </Box>
      )}
    </Paper>
  );
}
