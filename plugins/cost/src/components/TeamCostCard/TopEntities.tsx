import { EntityRefLink } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { GroupCostEntity } from '@pave/plugin-cost-common';
import { formatEstimate } from '@pave/plugin-cost-react';

/** How many of a team's components the card names. */
const TOP = 5;

/** The team's most expensive estimated components, linked to their pages. */
export function TopEntities(props: { entities: GroupCostEntity[] }) {
  const top = props.entities
    .filter(entity => entity.monthlyUsd !== undefined)
    .sort((a, b) => b.monthlyUsd! - a.monthlyUsd!)
    .slice(0, TOP);
  if (top.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        None of the team&apos;s components has a recorded estimate yet.
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="Most expensive components">
      {top.map(entity => (
        <ListItem key={entity.entityRef} disableGutters>
          <ListItemText
            primary={
              <EntityRefLink
                entityRef={entity.entityRef}
                title={entity.title}
              />
            }
          />
          <Typography variant="body2">
            {formatEstimate(entity.monthlyUsd!, entity.complete ?? true)}
          </Typography>
        </ListItem>
      ))}
    </List>
  );
}
