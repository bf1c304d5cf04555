import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { TemplateServices } from '@pave/plugin-upgrades-common';
import { countServices } from '../format';

/**
 * The services at one version of a template, linked to their pages with
 * their owners, marked when the version is behind the template's current
 * one (or unknown, when a service's annotation is missing or malformed).
 */
export function VersionGroup(props: {
  group: TemplateServices['versions'][number];
  latestVersion?: string;
}) {
  const { group, latestVersion } = props;
  let marker = null;
  if (group.behind) {
    marker = <Chip size="small" label="behind" />;
  } else if (group.version === latestVersion) {
    marker = <Chip size="small" label="current" color="primary" />;
  } else if (group.version === 'unknown') {
    marker = <Chip size="small" label="version unknown" />;
  }
  return (
    <section aria-label={`Version ${group.version}`}>
      <InfoCard
        title={
          <>
            {group.version} {marker}
          </>
        }
        subheader={countServices(group.services.length)}
      >
        <List dense disablePadding>
          {group.services.map(service => (
            <ListItem key={service.entityRef} disableGutters>
              <ListItemText
                primary={
                  <EntityRefLink
                    entityRef={service.entityRef}
                    title={service.title}
                  />
                }
                secondary={
                  service.owner ? (
                    <>
                      owned by{' '}
                      <EntityRefLink
                        entityRef={service.owner}
                        defaultKind="group"
                      />
                    </>
                  ) : (
                    'no owner'
                  )
                }
              />
            </ListItem>
          ))}
        </List>
      </InfoCard>
    </section>
  );
}
