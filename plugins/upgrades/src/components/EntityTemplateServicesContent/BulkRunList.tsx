import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { BulkUpgrade } from '@pave/plugin-upgrades-common';
import { when } from '../format';

/**
 * A template's recent bulk upgrades, newest first as the server lists
 * them, each with its counts; choosing one shows its report.
 */
export function BulkRunList(props: {
  runs: Array<Omit<BulkUpgrade, 'items'>>;
  selectedId?: string;
  onSelect: (id: string) => void;
}) {
  const { runs, selectedId, onSelect } = props;
  if (runs.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No bulk upgrades of this template yet.
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="Recent bulk upgrades">
      {runs.map(run => (
        <ListItem
          key={run.id}
          button
          selected={run.id === selectedId}
          onClick={() => onSelect(run.id)}
        >
          <ListItemText
            primary={`To ${run.toVersion} · ${run.state} · ${when(
              run.createdAt,
            )}`}
            secondary={`by ${run.createdBy} · ${run.counts.clean} clean · ${run.counts.conflicted} conflicted · ${run.counts.failed} failed · ${run.counts.pending} pending`}
          />
        </ListItem>
      ))}
    </List>
  );
}
