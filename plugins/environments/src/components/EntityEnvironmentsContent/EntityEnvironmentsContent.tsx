import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  Deployment,
  DeploymentEvent,
  EnvironmentsOffer,
  environmentManagePermission,
} from '@pave/plugin-environments-common';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ESTIMATE_NOTE, StatusLine, expiresIn, usd } from '../format';

export { expiresIn } from '../format';
import { environmentsApiRef } from '../../api';

/** The environment the portal deploys to: the Pave host. */
const LOCAL = 'local';
const POLL_MS = 2000;

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
  const [history, setHistory] = useState<DeploymentEvent[] | undefined>();
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
      {deployment.estimatedMonthlyUsd !== undefined ? (
        <Typography variant="body2" title={ESTIMATE_NOTE}>
          ≈ {usd(deployment.estimatedMonthlyUsd)} a month in the cloud
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
      <Box mt={2} display="flex" style={{ gap: 8 }}>
        <Button
          onClick={async () =>
            setHistory(
              history
                ? undefined
                : (await api.getDeployment(deployment.id)).events,
            )
          }
        >
          {history ? 'Hide history' : 'History'}
        </Button>
      </Box>
      {history ? (
        <Box component="ol" aria-label="History" mt={1} pl={2}>
          {[...history].reverse().map((event, i) => (
            <Typography component="li" variant="caption" key={i}>
              {new Date(event.at).toLocaleString()} · {event.action}{' '}
              {event.outcome} · {event.detail} ({event.actor})
            </Typography>
          ))}
        </Box>
      ) : null}
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

const PREVIEW_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,30}$/;

/** Owners start a short-lived preview-<name> of the newest commit. */
function PreviewForm(props: {
  offer: EnvironmentsOffer['previews'];
  onDeploy: (environment: string, ttlHours: number) => Promise<void>;
}) {
  const { offer } = props;
  const [name, setName] = useState('');
  const [hours, setHours] = useState(String(offer?.defaultTtlHours ?? 24));
  if (!offer) return null;
  const nameError =
    name && !PREVIEW_NAME.test(name)
      ? 'lower-case letters, digits and single dashes, up to 31'
      : undefined;
  const ttl = Number(hours);
  const hoursError =
    !Number.isInteger(ttl) || ttl < 1 || ttl > offer.maxTtlHours
      ? `a whole number of hours, 1 to ${offer.maxTtlHours}`
      : undefined;
  return (
    <InfoCard
      title="Deploy a preview"
      subheader="Its own databases and queues, destroyed when it expires; its team's preview budget applies"
    >
      <Box display="flex" style={{ gap: 16 }} alignItems="flex-start">
        <TextField
          id="pave-preview-name"
          label="Preview name"
          value={name}
          onChange={e => setName(e.target.value)}
          error={!!nameError}
          helperText={nameError ?? `becomes preview-${name || '<name>'}`}
        />
        <TextField
          id="pave-preview-hours"
          label="Hours"
          type="number"
          value={hours}
          onChange={e => setHours(e.target.value)}
          error={!!hoursError}
          helperText={hoursError ?? `at most ${offer.maxTtlHours}`}
        />
        <Button
          variant="outlined"
          disabled={!name || !!nameError || !!hoursError}
          onClick={() => props.onDeploy(`preview-${name}`, ttl)}
        >
          Deploy preview
        </Button>
      </Box>
    </InfoCard>
  );
}

/**
 * The component page's Environments tab: per environment its status (and
 * the step a deploy is at, refreshed while it runs), commit, URL, resources
 * with their non-secret outputs, cloud-equivalent estimate and history,
 * and, for its owners and the platform team, deploy, destroy, extend, the
 * service's log tail and a form for a new preview.
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
  const { value: offer } = useAsync(() => api.listEnvironments(), [api]);
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
  const deployPreview = (environment: string, ttlHours: number) =>
    act(() => api.deploy({ entityRef, environment, ttlHours }))();

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
      {canManage ? (
        <Grid item xs={12}>
          <PreviewForm offer={offer?.previews} onDeploy={deployPreview} />
        </Grid>
      ) : null}
    </Grid>
  );
}
