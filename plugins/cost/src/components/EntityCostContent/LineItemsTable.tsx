import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import Tooltip from '@material-ui/core/Tooltip';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  CostLineItem,
  EnvironmentCostEstimate,
  UnpricedItem,
} from '@pave/plugin-cost-common';
import {
  formatQuantity,
  formatUnitUsd,
  formatUsd,
} from '@pave/plugin-cost-react';

// Figures, units and short names stay on one line; notes wrap instead.
const NOWRAP = { whiteSpace: 'nowrap' } as const;
const NOTES = { minWidth: 220 } as const;

function Resource(props: { name: string; address: string; sku?: string }) {
  return (
    <>
      <Typography variant="body2">{props.name}</Typography>
      <Typography variant="caption" color="textSecondary">
        {props.address}
        {props.sku && ` · ${props.sku}`}
      </Typography>
    </>
  );
}

function Notes(props: { item: CostLineItem }) {
  const { usageAssumption, note, freeReason, unverified } = props.item;
  const notes = [
    usageAssumption && `Assumes ${usageAssumption}`,
    note,
    freeReason && `Free: ${freeReason}`,
    unverified && `Unverified price: ${unverified}`,
  ].filter(Boolean);
  if (notes.length === 0) {
    return <>—</>;
  }
  return (
    <>
      {notes.map(text => (
        <Typography key={text as string} variant="body2">
          {text}
        </Typography>
      ))}
    </>
  );
}

function PricedRow(props: { environment: string; item: CostLineItem }) {
  const { item } = props;
  const free = item.unit === 'none';
  return (
    <TableRow>
      <TableCell style={NOWRAP}>{props.environment}</TableCell>
      <TableCell>
        <Resource
          name={item.workloadResource}
          address={item.address}
          sku={item.sku}
        />
      </TableCell>
      <TableCell>{item.service}</TableCell>
      <TableCell style={NOWRAP}>{item.component}</TableCell>
      <TableCell align="right" style={NOWRAP}>
        {free ? '—' : `${formatQuantity(item.quantity)} ${item.unit}`}
      </TableCell>
      <TableCell align="right" style={NOWRAP}>
        <span>
          {free ? '—' : `${formatUnitUsd(item.unitUsd)} / ${item.unit}`}
        </span>
        {item.unverified && (
          <Tooltip title={item.unverified}>
            <Chip
              size="small"
              variant="outlined"
              label="unverified"
              style={{ marginLeft: 4 }}
            />
          </Tooltip>
        )}
      </TableCell>
      <TableCell align="right" style={NOWRAP}>
        {formatUsd(item.monthlyUsd)}
      </TableCell>
      <TableCell style={NOTES}>
        <Notes item={item} />
      </TableCell>
    </TableRow>
  );
}

// An unpriced record has no amount; it is never shown as $0.
function UnpricedRow(props: { environment: string; item: UnpricedItem }) {
  const { item } = props;
  return (
    <TableRow>
      <TableCell style={NOWRAP}>{props.environment}</TableCell>
      <TableCell>
        <Resource
          name={item.workloadResource}
          address={item.address}
          sku={item.sku}
        />
      </TableCell>
      <TableCell>{item.terraformType}</TableCell>
      <TableCell>—</TableCell>
      <TableCell align="right">—</TableCell>
      <TableCell align="right">—</TableCell>
      <TableCell align="right">
        <Chip size="small" color="secondary" label="unpriced" />
      </TableCell>
      <TableCell style={NOTES}>{item.reason}</TableCell>
    </TableRow>
  );
}

/**
 * Every priced component of every environment, with how it was priced,
 * followed by the records that could not be priced.
 */
export function LineItemsTable(props: {
  environments: EnvironmentCostEstimate[];
}) {
  return (
    <Table size="small" aria-label="Line items">
      <TableHead>
        <TableRow>
          <TableCell style={NOWRAP}>Environment</TableCell>
          <TableCell style={NOWRAP}>Resource</TableCell>
          <TableCell style={NOWRAP}>Service</TableCell>
          <TableCell style={NOWRAP}>Component</TableCell>
          <TableCell align="right" style={NOWRAP}>
            Quantity
          </TableCell>
          <TableCell align="right" style={NOWRAP}>
            Unit price
          </TableCell>
          <TableCell align="right" style={NOWRAP}>
            Monthly
          </TableCell>
          <TableCell style={NOTES}>Assumptions and notes</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.environments.flatMap(env => [
          ...env.lineItems.map(item => (
            <PricedRow
              key={`${env.environment}/${item.address}/${item.priceId}/${item.component}`}
              environment={env.environment}
              item={item}
            />
          )),
          ...env.unpriced.map(item => (
            <UnpricedRow
              key={`${env.environment}/${item.address}/unpriced`}
              environment={env.environment}
              item={item}
            />
          )),
        ])}
      </TableBody>
    </Table>
  );
}
