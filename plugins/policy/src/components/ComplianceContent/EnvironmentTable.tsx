import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EnvironmentCompliance } from '@pave/plugin-policy-common';
import { DecisionChip } from '../DecisionChip';
import { Finding, ViolationList } from '../ViolationList';

type OnRecordException = (finding: Finding, environment: string) => void;

function EnvironmentRow(props: {
  row: EnvironmentCompliance;
  onRecordException?: OnRecordException;
}) {
  const { onRecordException } = props;
  const { environment, environmentType, resources, verdict, error } = props.row;
  return (
    <TableRow>
      {/* MUI gives body cells role=cell; a row's name cell heads it. */}
      <TableCell component="th" scope="row" role="rowheader">
        {environment}
      </TableCell>
      <TableCell>{environmentType ?? '—'}</TableCell>
      <TableCell>
        {resources.map(ref => (
          <div key={ref}>
            <EntityRefLink entityRef={ref} />
          </div>
        ))}
      </TableCell>
      <TableCell>
        <DecisionChip decision={verdict?.decision ?? 'error'} />
      </TableCell>
      {verdict ? (
        <>
          <TableCell>
            {verdict.violations.length +
            verdict.errors.length +
            (verdict.excepted?.length ?? 0) ? (
              <ViolationList
                findings={[
                  ...verdict.violations,
                  ...verdict.errors,
                  ...(verdict.excepted ?? []),
                ]}
                onRecordException={
                  onRecordException &&
                  (finding => onRecordException(finding, environment))
                }
              />
            ) : (
              '—'
            )}
          </TableCell>
          <TableCell>
            {verdict.warnings.length ? (
              <ViolationList findings={verdict.warnings} />
            ) : (
              '—'
            )}
          </TableCell>
        </>
      ) : (
        <TableCell colSpan={2}>
          <Typography variant="body2" color="error">
            {error ?? 'No verdict'}
          </Typography>
        </TableCell>
      )}
    </TableRow>
  );
}

/** One row per environment the component's Resources run in. */
export function EnvironmentTable(props: {
  environments: EnvironmentCompliance[];
  onRecordException?: OnRecordException;
}) {
  return (
    <Table size="small" aria-label="Compliance by environment">
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Resources</TableCell>
          <TableCell>Decision</TableCell>
          <TableCell>Violations</TableCell>
          <TableCell>Warnings</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.environments.map(row => (
          <EnvironmentRow
            key={row.environment}
            row={row}
            onRecordException={props.onRecordException}
          />
        ))}
      </TableBody>
    </Table>
  );
}
