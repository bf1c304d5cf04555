import { AuditRecord } from '@pave/plugin-audit-common';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';

function Outcome({ record }: { record: AuditRecord }) {
  if (record.status === 'failed') {
    return (
      <Chip
        size="small"
        color="secondary"
        label="Failed"
        title={record.error}
      />
    );
  }
  return (
    <Chip
      size="small"
      color={record.status === 'succeeded' ? 'primary' : 'default'}
      label={record.status === 'succeeded' ? 'Succeeded' : 'Initiated'}
    />
  );
}

/** Who, what, when and the outcome, one row per record. */
export function AuditTable(props: { items: AuditRecord[] }) {
  if (props.items.length === 0) {
    return <Typography>No audit events match.</Typography>;
  }
  return (
    <Table size="small" aria-label="Audit trail">
      <TableHead>
        <TableRow>
          <TableCell>#</TableCell>
          <TableCell>When</TableCell>
          <TableCell>Who</TableCell>
          <TableCell>What</TableCell>
          <TableCell>Outcome</TableCell>
          <TableCell>Entities</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(record => (
          <TableRow key={record.seq}>
            <TableCell>{record.seq}</TableCell>
            <TableCell>
              <time dateTime={record.time}>
                {new Date(record.time).toLocaleString()}
              </time>
            </TableCell>
            <TableCell>{record.actor.id ?? 'unknown'}</TableCell>
            <TableCell>
              <Typography variant="body2">
                {record.plugin}.{record.eventId}
              </Typography>
              {record.request && (
                <Typography variant="caption" color="textSecondary">
                  {record.request.method} {record.request.path}
                </Typography>
              )}
            </TableCell>
            <TableCell>
              <Outcome record={record} />
              {record.error && (
                <Typography variant="caption" display="block">
                  {record.error}
                </Typography>
              )}
            </TableCell>
            <TableCell>{record.entityRefs.join(', ')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
