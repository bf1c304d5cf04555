import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { ActualMonth, EstimateHistoryPoint } from '@pave/plugin-cost-common';
import {
  CartesianGrid,
  Cell,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { describeCause } from '../../format/cause';
import {
  formatDeviation,
  formatEstimate,
  formatUsd,
  formatWholeUsd,
} from '@pave/plugin-cost-react';
import {
  formatDay,
  formatMonth,
  monthEnd,
  monthStart,
} from '../../format/month';
import { ChartFrame } from '../ChartFrame';
import { HistoryRow, historyRows } from './historyRows';
import { timeAxis } from './timeAxis';

/** What recharts hands a Line's `dot` renderer. */
interface RecordedDotProps {
  key: string;
  cx: number;
  cy: number;
  payload: HistoryRow;
}

function RowTooltip(props: { row?: HistoryRow }) {
  const { row } = props;
  if (!row) {
    return null;
  }
  const { recorded, actual } = row;
  return (
    <Paper variant="outlined" style={{ padding: 8, maxWidth: 320 }}>
      <Typography variant="subtitle2">
        {actual ? formatMonth(actual.month) : formatDay(row.time)}
      </Typography>
      {recorded && (
        <>
          <Typography variant="body2">
            Estimate recorded:{' '}
            {formatEstimate(recorded.monthlyUsd, recorded.complete)} a month
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {describeCause(recorded.cause)}
          </Typography>
        </>
      )}
      {actual && (
        <>
          <Typography variant="body2">
            Actual: {formatUsd(actual.actualUsd)}
          </Typography>
          {actual.estimateUsd !== undefined && (
            <Typography variant="body2">
              Estimated: {formatUsd(actual.estimateUsd)}
              {actual.deviation !== undefined &&
                ` (${formatDeviation(actual.deviation)})`}
              {actual.diverged && ' · diverged'}
            </Typography>
          )}
        </>
      )}
      {!recorded && !actual && row.estimateUsd !== undefined && (
        <Typography variant="body2">
          Estimate in force: {formatUsd(row.estimateUsd)} a month
        </Typography>
      )}
    </Paper>
  );
}

/**
 * Recorded estimates over time as a step line, billed months as points
 * (red and shaded when they diverged from the estimate), with the cause of
 * each estimate in the tooltip.
 */
export function HistoryChart(props: {
  history: EstimateHistoryPoint[];
  actuals: ActualMonth[];
  now?: number;
}) {
  const theme = useTheme();
  const rows = historyRows(
    props.history,
    props.actuals,
    props.now ?? Date.now(),
  );
  const billed = rows.filter(row => row.actual);
  const axis = timeAxis(rows.map(row => row.time));
  const [min, max] = axis.domain;
  // Shade each diverged month, cut to the axis so it cannot stretch it.
  const diverged = props.actuals
    .filter(actual => actual.diverged)
    .map(actual => ({
      month: actual.month,
      x1: Math.max(monthStart(actual.month), min),
      x2: Math.min(monthEnd(actual.month), max),
    }));

  return (
    <figure
      aria-label="Estimate and actual cost over time"
      style={{ margin: 0 }}
    >
      <ChartFrame height={260} fallbackWidth={720}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={axis.domain}
            ticks={axis.ticks}
            tickFormatter={time => formatMonth(Number(time))}
          />
          <YAxis
            tickFormatter={usd => formatWholeUsd(Number(usd))}
            width={72}
          />
          {diverged.map(area => (
            <ReferenceArea
              key={area.month}
              x1={area.x1}
              x2={area.x2}
              fill={theme.palette.error.main}
              fillOpacity={0.08}
            />
          ))}
          <Tooltip
            content={({ label }) => (
              <RowTooltip row={rows.find(row => row.time === label)} />
            )}
          />
          <Legend />
          <Line
            name="Estimate"
            type="stepAfter"
            dataKey="estimateUsd"
            connectNulls
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={(dot: RecordedDotProps) =>
              dot.payload.recorded ? (
                <circle
                  key={dot.key}
                  cx={dot.cx}
                  cy={dot.cy}
                  r={4}
                  fill={theme.palette.primary.main}
                />
              ) : (
                <g key={dot.key} />
              )
            }
            isAnimationActive={false}
          />
          <Scatter
            name="Actual"
            data={billed}
            dataKey="actualUsd"
            fill={theme.palette.info.main}
            isAnimationActive={false}
          >
            {billed.map(row => (
              <Cell
                key={row.time}
                fill={
                  row.actual?.diverged
                    ? theme.palette.error.main
                    : theme.palette.info.main
                }
              />
            ))}
          </Scatter>
        </ComposedChart>
      </ChartFrame>
    </figure>
  );
}
