import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  ChangeRequest,
  upgradeCreatePermission,
} from '@pave/plugin-upgrades-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { upgradesApiRef } from '../../api';
import { errorMessage, newestFirst } from '../format';
import { ChangeRequestCard } from './ChangeRequestCard';
import { VersionSummary } from './VersionSummary';

/**
 * The component page's Template tab: the golden template it was created
 * from, the version its main records against the template's current one,
 * an upgrade for its owners and the platform team while it is behind, and
 * its change requests, newest first, each with its verdict, files,
 * conflicts and diff.
 */
export function EntityTemplateContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(upgradesApiRef);
  const { allowed: canUpgrade } = usePermission({
    permission: upgradeCreatePermission,
    resourceRef: entityRef,
  });
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getStatus(entityRef),
    [api, entityRef],
  );
  const [upgrading, setUpgrading] = useState(false);
  const [upgradeError, setUpgradeError] = useState<Error | undefined>();
  // Kept apart from the status so the new request shows (and is marked)
  // even before the status is read again.
  const [created, setCreated] = useState<ChangeRequest | undefined>();

  const upgrade = async () => {
    setUpgradeError(undefined);
    setUpgrading(true);
    try {
      setCreated(await api.createChangeRequest({ entityRef }));
      retry();
    } catch (e) {
      setUpgradeError(e as Error);
    } finally {
      setUpgrading(false);
    }
  };

  if (loading && !value) return <Progress />;
  if (error)
    return <ResponseErrorPanel error={error} title={errorMessage(error)} />;
  if (!value) return null;
  const requests = newestFirst(value.changeRequests, created);
  // A branch for the current version still waiting for review: upgrading
  // again is refused until it is merged or its branch deleted.
  const open = value.latestVersion
    ? requests.find(
        r => r.toVersion === value.latestVersion && r.state === 'open',
      )
    : undefined;

  let action: JSX.Element | null = null;
  if (open) {
    action = (
      <Typography variant="body2" component="div">
        The upgrade to {open.toVersion} is waiting for review on branch{' '}
        <code>{open.branch}</code>: merge it, or delete the branch to upgrade
        again.
      </Typography>
    );
  } else if (value.behind && value.latestVersion && canUpgrade) {
    action = (
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={upgrading}
          onClick={upgrade}
        >
          Upgrade to {value.latestVersion}
        </Button>
        {upgrading ? (
          <>
            <CircularProgress size={20} aria-label="Upgrading" />
            <Typography variant="body2" color="textSecondary">
              Merging {value.latestVersion} into a new branch…
            </Typography>
          </>
        ) : null}
      </Box>
    );
  }

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <VersionSummary status={value} action={action} />
      </Grid>
      {upgradeError ? (
        <Grid item xs={12}>
          <ResponseErrorPanel
            error={upgradeError}
            title={errorMessage(upgradeError)}
          />
        </Grid>
      ) : null}
      <Grid item xs={12}>
        <Typography variant="h6">Change requests</Typography>
        <Typography variant="body2" color="textSecondary">
          Each upgrade is a branch in the service&apos;s repository for the team
          to review and merge; Pave never touches main.
        </Typography>
      </Grid>
      {requests.length === 0 ? (
        <Grid item xs={12}>
          <Typography variant="body2" color="textSecondary">
            No upgrades yet.
          </Typography>
        </Grid>
      ) : (
        requests.map(request => (
          <Grid item xs={12} key={request.id}>
            <ChangeRequestCard
              changeRequest={request}
              isNew={request.id === created?.id}
            />
          </Grid>
        ))
      )}
    </Grid>
  );
}
