import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { Bar, BarChart, Tooltip, XAxis } from 'recharts';
import { formatUsd } from '@pave/plugin-cost-react';
import { formatMonth } from '../../format/month';
import { ChartFrame } from '../ChartFrame';

/** How many billed months the card shows. */
const MONTHS = 6;

/** The team's last billed months as a small bar chart, the latest in words. */
export function ActualsBars(props: {
  actuals: Array<{ month: string; actualUsd: number }>;
}) {
  const theme = useTheme();
  const recent = props.actuals.slice(-MONTHS).map(actual => ({
    ...actual,
    label: formatMonth(actual.month),
  }));
  if (recent.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No billing data yet.
      </Typography>
    );
  }
  const latest = recent[recent.length - 1];
  return (
    <>
      <figure aria-label="Actual spend by month" style={{ margin: 0 }}>
        <ChartFrame height={96} fallbackWidth={320}>
          <BarChart data={recent} margin={{ top: 4, right: 4, left: 4 }}>
            <XAxis dataKey="label" tick={{ fontSize: 10 }} interval={0} />
            <Tooltip formatter={usd => formatUsd(Number(usd))} />
            <Bar
              name="Actual"
              dataKey="actualUsd"
              fill={theme.palette.info.main}
              maxBarSize={32}
              isAnimationActive={false}
            />
          </BarChart>
        </ChartFrame>
      </figure>
      <Typography variant="caption" color="textSecondary">
        {latest.label}: {formatUsd(latest.actualUsd)} actual spend
      </Typography>
    </>
  );
}
