import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Deployment,
  environmentManagePermission,
} from '@pave/plugin-environments-common';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { environmentsApiRef } from '../../api';

/** The environment the portal deploys to: the Pave host. */
const LOCAL = 'local';
const POLL_MS = 2000;

function StatusLine({ deployment }: { deployment: Deployment }) {
  const { status, step } = deployment;
  if (status === 'running') return <StatusOK>running</StatusOK>;
  if (status === 'failed') return <StatusError>failed</StatusError>;
  if (status === 'destroyed') return <StatusPending>destroyed</StatusPending>;
  return (
    <StatusPending>
      {status}
      {step ? ` · ${step}` : ''}
    </StatusPending>
  );
}

/** `expires in 5 h 12 min`, from an ISO date; `expired` once past. */
export function expiresIn(expiresAt: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(expiresAt) - now) / 60_000);
  if (minutes <= 0) return 'expired';
  const hours = Math.floor(minutes / 60);
  return `expires in ${hours ? `${hours} h ` : ''}${minutes % 60} min`;
}

function DeploymentCard(props: {
  deployment: Deployment;
  canManage: boolean;
  onDestroy: () => void;
  onDeploy: () => void;
  onExtend: () => void;
}) {
  const { deployment, canManage } = props;
  const api = useApi(environmentsApiRef);
  const [logs, setLogs] = useState<string[] | undefined>();
  const busy =
    deployment.status === 'deploying' || deployment.status === 'destroying';
  return (
    <InfoCard
      title={deployment.environment}
      subheader={`${deployment.runtime} target`}
    >
      <Typography variant="body2" component="div" aria-label="Status">
        <StatusLine deployment={deployment} />
      </Typography>
      <Typography variant="body2">
        Commit {deployment.commit.slice(0, 12)}
      </Typography>
      {deployment.expiresAt && deployment.desired === 'running' ? (
        <Typography variant="body2" aria-label="Expiry">
          Preview, {expiresIn(deployment.expiresAt)}
        </Typography>
      ) : null}
      {deployment.url && deployment.status === 'running' ? (
        <Typography variant="body2">
          <Link to={deployment.url}>{deployment.url}</Link>
        </Typography>
      ) : null}
      {deployment.error ? (
        <Typography variant="body2" color="error">
          {deployment.error}
        </Typography>
      ) : null}
      {deployment.resources.map(resource => (
        <Box key={resource.name} mt={1}>
          <Typography variant="subtitle2">
            {resource.name} ({resource.type})
          </Typography>
          <Typography variant="caption" component="div">
            {Object.entries(resource.outputs)
              .map(([k, v]) => `${k}: ${v}`)
              .join(' · ')}
          </Typography>
        </Box>
      ))}
      {canManage ? (
        <Box mt={2} display="flex" style={{ gap: 8 }}>
          <Button variant="outlined" disabled={busy} onClick={props.onDeploy}>
            Redeploy
          </Button>
          <Button
            variant="outlined"
            disabled={busy || deployment.status === 'destroyed'}
            onClick={props.onDestroy}
          >
            Destroy
          </Button>
          {deployment.expiresAt && deployment.desired === 'running' ? (
            <Button variant="outlined" disabled={busy} onClick={props.onExtend}>
              Extend 24 h
            </Button>
          ) : null}
          <Button
            onClick={async () =>
              setLogs((await api.logs(deployment.id, 100)).lines)
            }
          >
            Logs
          </Button>
        </Box>
      ) : null}
      {logs ? (
        <Box
          component="pre"
          mt={1}
          aria-label="Logs"
          style={{ maxHeight: 240, overflow: 'auto', fontSize: 12 }}
        >
          {logs.join('\n') || '(no output yet)'}
        </Box>
      ) : null}
    </InfoCard>
  );
}

/**
 * The component page's Environments tab: per environment its status (and
 * the step a deploy is at, refreshed while it runs), commit, URL, resources
 * with their non-secret outputs and, for its owners and the platform team,
 * deploy, destroy and the service's log tail.
 */
export function EntityEnvironmentsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(environmentsApiRef);
  const { allowed: canManage } = usePermission({
    permission: environmentManagePermission,
    resourceRef: entityRef,
  });
  const [actionError, setActionError] = useState<Error | undefined>();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listDeployments({ entityRef }),
    [api, entityRef],
  );
  const inFlight = value?.items.some(
    d => d.status === 'deploying' || d.status === 'destroying',
  );
  useEffect(() => {
    if (!inFlight) return undefined;
    const timer = setTimeout(retry, POLL_MS);
    return () => clearTimeout(timer);
  }, [inFlight, value, retry]);

  const act = (fn: () => Promise<unknown>) => async () => {
    setActionError(undefined);
    try {
      await fn();
    } catch (e) {
      setActionError(e as Error);
    }
    retry();
  };
  const deploy = act(() => api.deploy({ entityRef, environment: LOCAL }));

  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const items = value?.items ?? [];
  return (
    <Grid container spacing={2}>
      {actionError ? (
        <Grid item xs={12}>
          <ResponseErrorPanel error={actionError} />
        </Grid>
      ) : null}
      {items.length === 0 ? (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="Not running anywhere yet"
            description="Deploy it to the local environment to get a running service with its own database, cache or queue."
            action={
              canManage ? (
                <Button variant="contained" color="primary" onClick={deploy}>
                  Deploy to {LOCAL}
                </Button>
              ) : undefined
            }
          />
        </Grid>
      ) : (
        items.map(deployment => (
          <Grid item xs={12} md={6} key={deployment.id}>
            <DeploymentCard
              deployment={deployment}
              canManage={canManage}
              onDeploy={act(() =>
                api.deploy({ entityRef, environment: deployment.environment }),
              )}
              onDestroy={act(() => api.destroy(deployment.id))}
              onExtend={act(() => api.extend(deployment.id, 24))}
            />
          </Grid>
        ))
      )}
    </Grid>
  );
}
