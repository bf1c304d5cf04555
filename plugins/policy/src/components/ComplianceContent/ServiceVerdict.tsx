import Typography from '@material-ui/core/Typography';
import { PolicyEvaluateResponse } from '@pave/plugin-policy-common';
import { DecisionHeader } from '../VerdictPanel';
import { Finding, ViolationList } from '../ViolationList';

/** The verdict on registering the service as the catalog holds it. */
export function ServiceVerdict(props: {
  verdict: PolicyEvaluateResponse;
  onRecordException?: (finding: Finding) => void;
}) {
  const { violations, warnings, errors, excepted = [] } = props.verdict;
  return (
    <>
      <DecisionHeader verdict={props.verdict} />
      {violations.length + errors.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            Violations
          </Typography>
          <ViolationList
            findings={[...violations, ...errors]}
            onRecordException={props.onRecordException}
          />
        </>
      )}
      {excepted.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            Excepted
          </Typography>
          <ViolationList findings={excepted} />
        </>
      )}
      {warnings.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            Advice
          </Typography>
          <ViolationList findings={warnings} />
        </>
      )}
    </>
  );
}
