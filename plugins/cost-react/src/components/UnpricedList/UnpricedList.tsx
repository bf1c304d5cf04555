import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { UnpricedItem } from '@pave/plugin-cost-common';

/** An unpriced record together with the environment it is planned in. */
export interface UnpricedEntry {
  environment: string;
  item: UnpricedItem;
}

/**
 * The records the pricing catalog cannot price, and why. They are what
 * makes a total "at least": listed so nobody reads them as free.
 */
export function UnpricedList(props: { entries: UnpricedEntry[] }) {
  return (
    <List dense disablePadding aria-label="Unpriced items">
      {props.entries.map(({ environment, item }) => (
        <ListItem key={`${environment}/${item.address}`} disableGutters>
          <ListItemText
            primary={`${environment}/${item.address}${
              item.sku ? ` (${item.sku})` : ''
            }: unpriced`}
            secondary={item.reason}
          />
        </ListItem>
      ))}
    </List>
  );
}
