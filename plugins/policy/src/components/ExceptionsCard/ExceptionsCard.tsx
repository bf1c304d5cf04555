import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { PolicyException } from '@pave/plugin-policy-common';
import { useState } from 'react';
import { policyApiRef } from '../../api';

/**
 * The exceptions in force on an entity: which rule, where, who recorded
 * it, why and until when. Whoever may record exceptions may end one.
 */
export function ExceptionsCard(props: {
  exceptions: PolicyException[];
  canRevoke: boolean;
  onChanged: () => void;
}) {
  const policyApi = useApi(policyApiRef);
  const [error, setError] = useState<string>();
  if (props.exceptions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No exceptions in force: every soft-mandatory rule blocks as written.
      </Typography>
    );
  }
  const revoke = async (id: string) => {
    setError(undefined);
    try {
      await policyApi.revokeException(id);
      props.onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <>
      <Table size="small" aria-label="Exceptions in force">
        <TableHead>
          <TableRow>
            <TableCell>Rule</TableCell>
            <TableCell>Applies to</TableCell>
            <TableCell>Recorded by</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell>Expires</TableCell>
            {props.canRevoke && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.exceptions.map(e => (
            <TableRow key={e.id}>
              <TableCell component="th" scope="row" role="rowheader">
                <code>{e.policyId}</code>
              </TableCell>
              <TableCell>{e.environment ?? 'every environment'}</TableCell>
              <TableCell>
                <EntityRefLink entityRef={e.grantedBy} />
              </TableCell>
              <TableCell>{e.reason}</TableCell>
              <TableCell>
                <time dateTime={e.expiresAt}>
                  {new Date(e.expiresAt).toLocaleString()}
                </time>
              </TableCell>
              {props.canRevoke && (
                <TableCell>
                  <Button size="small" onClick={() => revoke(e.id)}>
                    Revoke
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {error && (
        <Typography role="alert" variant="body2" color="error">
          {error}
        </Typography>
      )}
    </>
  );
}
