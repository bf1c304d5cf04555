import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ChangeRequest, ChangeRequestDiff } from '@pave/plugin-upgrades-common';
import { useState } from 'react';
import { upgradesApiRef } from '../../api';
import { errorMessage, when } from '../format';
import { ChangeRequestFiles } from './ChangeRequestFiles';
import { DiffView } from './DiffView';
import { PolicyVerdict } from './PolicyVerdict';

const useStyles = makeStyles(theme => ({
  clean: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  conflicted: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  row: { display: 'flex', gap: theme.spacing(1), alignItems: 'center' },
}));

/**
 * One change request: the versions it moves between, its branch, whether
 * it merged cleanly, who opened it, the guardrails' verdict, its files and
 * conflicts, and its diff on demand (loaded once, only when asked for,
 * since it can be up to a megabyte).
 */
export function ChangeRequestCard(props: {
  changeRequest: ChangeRequest;
  /** Just opened by the reader: marked so they find it. */
  isNew?: boolean;
}) {
  const { changeRequest: cr, isNew } = props;
  const api = useApi(upgradesApiRef);
  const classes = useStyles();
  const [diff, setDiff] = useState<ChangeRequestDiff | undefined>();
  const [showDiff, setShowDiff] = useState(false);
  const [loadingDiff, setLoadingDiff] = useState(false);
  const [diffError, setDiffError] = useState<Error | undefined>();

  const toggleDiff = async () => {
    if (showDiff) {
      setShowDiff(false);
      return;
    }
    setShowDiff(true);
    if (diff) return;
    setDiffError(undefined);
    setLoadingDiff(true);
    try {
      setDiff(await api.getChangeRequestDiff(cr.id));
    } catch (e) {
      setDiffError(e as Error);
    } finally {
      setLoadingDiff(false);
    }
  };

  return (
    <InfoCard
      title={
        <span className={classes.row}>
          {cr.fromVersion} → {cr.toVersion}
          <Chip size="small" label={cr.status} className={classes[cr.status]} />
          {cr.state ? (
            <Chip size="small" variant="outlined" label={cr.state} />
          ) : null}
          {isNew ? <Chip size="small" label="new" color="primary" /> : null}
        </span>
      }
      subheader={
        <>
          Branch <code>{cr.branch}</code>
        </>
      }
    >
      <Box aria-label={`Change request ${cr.branch}`}>
        <Typography variant="body2">
          Created by <EntityRefLink entityRef={cr.createdBy} /> at{' '}
          {when(cr.createdAt)}
          {cr.bulkId ? ` · part of bulk upgrade ${cr.bulkId}` : ''}
        </Typography>
        <Typography variant="caption" component="div" color="textSecondary">
          Commit {cr.commit.slice(0, 12)}, cut from main at{' '}
          {cr.mainCommit.slice(0, 12)}
        </Typography>
        <Box mt={1}>
          <PolicyVerdict policy={cr.policy} />
        </Box>
        <Box mt={1}>
          <ChangeRequestFiles files={cr.files} conflicts={cr.conflicts} />
        </Box>
        <Box mt={1}>
          <Button size="small" onClick={toggleDiff}>
            {showDiff ? 'Hide diff' : 'Show diff'}
          </Button>
        </Box>
        {showDiff && loadingDiff ? <Progress /> : null}
        {showDiff && diffError ? (
          <ResponseErrorPanel
            error={diffError}
            title={errorMessage(diffError)}
          />
        ) : null}
        {showDiff && diff ? <DiffView diff={diff} /> : null}
      </Box>
    </InfoCard>
  );
}
