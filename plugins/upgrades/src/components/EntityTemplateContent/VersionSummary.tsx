import {
  InfoCard,
  StatusOK,
  StatusWarning,
  WarningPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { UpgradeStatus } from '@pave/plugin-upgrades-common';
import { ReactNode } from 'react';
import { behindBy } from '../format';

/**
 * A component's template at a glance: which template, the version its
 * main records, the template's current one and whether it is behind; why
 * it cannot be upgraded when the server says so; and `action` (the
 * upgrade button) under it.
 */
export function VersionSummary(props: {
  status: UpgradeStatus;
  action?: ReactNode;
}) {
  const { template, version, latestVersion, behind, reason } = props.status;
  let state: ReactNode = null;
  if (behind && version && latestVersion) {
    state = <StatusWarning>{behindBy(version, latestVersion)}</StatusWarning>;
  } else if (version && latestVersion) {
    state = <StatusOK>up to date</StatusOK>;
  }
  const rows: Array<[string, ReactNode]> = [
    [
      'Template',
      template ? (
        <EntityRefLink entityRef={template} defaultKind="template" />
      ) : null,
    ],
    ['Version on main', version ?? 'not recorded'],
    ["Template's current version", latestVersion ?? 'unknown'],
  ];
  if (state) rows.push(['State', state]);
  return (
    <InfoCard title="Template">
      {template ? (
        rows.map(([label, value]) => (
          <Typography
            key={label}
            variant="body2"
            component="div"
            aria-label={label}
          >
            <Box component="span" color="text.secondary" mr={1}>
              {label}:
            </Box>
            {value}
          </Typography>
        ))
      ) : (
        <Typography variant="body2" color="textSecondary">
          The service&apos;s repository records no template, so there is nothing
          to upgrade from.
        </Typography>
      )}
      {reason ? (
        <Box mt={2}>
          <WarningPanel severity="info" title={reason} />
        </Box>
      ) : null}
      {props.action ? <Box mt={2}>{props.action}</Box> : null}
    </InfoCard>
  );
}
