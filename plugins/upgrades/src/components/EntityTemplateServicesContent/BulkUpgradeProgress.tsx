import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { BulkUpgrade } from '@pave/plugin-upgrades-common';
import { useEffect, useRef, useState } from 'react';
import { upgradesApiRef } from '../../api';
import { errorMessage, when } from '../format';

/** How often a running bulk upgrade is read again. */
export const POLL_MS = 1000;

/**
 * A bulk upgrade's progress and report: read every second while it runs
 * (the server upgrades one service after another in the background) and
 * no more once it is done; its counts, a bar of services done out of all,
 * and per service its outcome, policy decision, time taken and error.
 */
export function BulkUpgradeProgress(props: {
  id: string;
  /** The run as already known (just started): shown before the first read. */
  initial?: BulkUpgrade;
  /** Called once when the run is seen done. */
  onDone?: (run: BulkUpgrade) => void;
}) {
  const { id, initial } = props;
  const api = useApi(upgradesApiRef);
  const [run, setRun] = useState<BulkUpgrade | undefined>(initial);
  const [error, setError] = useState<Error | undefined>();
  const [attempt, setAttempt] = useState(0);
  // A ref, so a parent's new callback each render does not restart polling.
  const onDone = useRef(props.onDone);
  onDone.current = props.onDone;
  const initiallyDone = initial?.state === 'done';

  useEffect(() => {
    if (initiallyDone) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.getBulkUpgrade(id);
        if (cancelled) return;
        setRun(next);
        if (next.state === 'done') {
          onDone.current?.(next);
          return;
        }
      } catch (e) {
        // Stop and say so: the reader can try again once the cause is gone.
        if (!cancelled) setError(e as Error);
        return;
      }
      timer = setTimeout(poll, POLL_MS);
    };
    setError(undefined);
    // A run just started was read a moment ago: wait before the next read.
    timer = initial && attempt === 0 ? setTimeout(poll, POLL_MS) : undefined;
    if (!timer) poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // `initial` only seeds the first read; a new one comes with a new key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, id, attempt, initiallyDone]);

  const errorPanel = error ? (
    <Box mb={1}>
      <ResponseErrorPanel error={error} title={errorMessage(error)} />
      <Button size="small" onClick={() => setAttempt(n => n + 1)}>
        Try again
      </Button>
    </Box>
  ) : null;
  if (!run) return errorPanel ?? <Progress />;

  const { counts, items } = run;
  const total = items.length;
  const done = total - counts.pending;
  return (
    <InfoCard
      title={`Bulk upgrade to ${run.toVersion}`}
      subheader={`${run.state === 'done' ? 'Done' : 'Running'} · started by ${
        run.createdBy
      } at ${when(run.createdAt)}${
        run.finishedAt ? ` · finished at ${when(run.finishedAt)}` : ''
      }`}
    >
      {errorPanel}
      <Typography variant="body2" aria-label="Done">
        {done} of {total} done
      </Typography>
      <LinearProgress
        variant="determinate"
        value={total ? (done / total) * 100 : 100}
        aria-label="Bulk upgrade progress"
      />
      <Typography variant="body2" aria-label="Counts" style={{ marginTop: 8 }}>
        {counts.clean} clean · {counts.conflicted} conflicted · {counts.failed}{' '}
        failed · {counts.pending} pending
      </Typography>
      <Table size="small" aria-label="Report">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Policy</TableCell>
            <TableCell align="right">Duration (ms)</TableCell>
            <TableCell>Error</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(item => (
            <TableRow key={item.entityRef}>
              <TableCell>
                <EntityRefLink entityRef={item.entityRef} />
              </TableCell>
              <TableCell>{item.status}</TableCell>
              <TableCell>{item.policy ?? '—'}</TableCell>
              <TableCell align="right">{item.durationMs ?? '—'}</TableCell>
              <TableCell>{item.error ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
