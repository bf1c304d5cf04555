import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { EnvironmentCostEstimate } from '@pave/plugin-cost-common';
import { formatEstimate } from '@pave/plugin-cost-react';
import { EnvironmentTypeChip } from '../EnvironmentTypeChip';

/** The estimate's total per environment, each marked complete or not. */
export function EnvironmentTotals(props: {
  environments: EnvironmentCostEstimate[];
}) {
  return (
    <Table size="small" aria-label="Estimate by environment">
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Where</TableCell>
          <TableCell align="right">Monthly</TableCell>
          <TableCell>Priced</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.environments.map(env => (
          <TableRow key={env.environment}>
            <TableCell component="th" scope="row" role="rowheader">
              {env.environment}
            </TableCell>
            <TableCell>
              <EnvironmentTypeChip type={env.environmentType} />
            </TableCell>
            <TableCell>
              {env.cloud} {env.region}
            </TableCell>
            <TableCell align="right">
              {formatEstimate(env.monthlyUsd, env.complete)}
            </TableCell>
            <TableCell>
              {env.complete ? 'All items' : `${env.unpriced.length} unpriced`}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
