import {
  ActualMonth,
  EstimateCause,
  EstimateHistoryPoint,
} from '@pave/plugin-cost-common';
import { monthEnd, monthStart } from '../../format/month';

/** One point in time on the history chart. */
export interface HistoryRow {
  /** Milliseconds since the epoch. */
  time: number;
  /** The estimate in force at `time`; absent before the first one. */
  estimateUsd?: number;
  /** Set on the rows where an estimate was recorded. */
  recorded?: { monthlyUsd: number; complete: boolean; cause: EstimateCause };
  /** Set on the rows of billed months, placed mid-month. */
  actual?: ActualMonth;
  /** `actual.actualUsd`, flat for the chart's data key. */
  actualUsd?: number;
}

/** Where a billed month sits on the axis: its middle. */
function midMonth(month: string): number {
  return monthStart(month) + (monthEnd(month) - monthStart(month)) / 2;
}

/**
 * The estimate history and the billed months on one time axis, oldest
 * first. Each row carries the estimate in force then, so a step line
 * through them draws the estimate over time; the last estimate runs on to
 * `now`.
 */
export function historyRows(
  history: EstimateHistoryPoint[],
  actuals: ActualMonth[],
  now: number,
): HistoryRow[] {
  const rows: HistoryRow[] = [
    ...history.map(point => ({
      time: Date.parse(point.recordedAt),
      recorded: {
        monthlyUsd: point.monthlyUsd,
        complete: point.complete,
        cause: point.cause,
      },
    })),
    ...actuals.map(actual => ({
      time: midMonth(actual.month),
      actual,
      actualUsd: actual.actualUsd,
    })),
  ].sort((a, b) => a.time - b.time);

  if (
    history.length > 0 &&
    rows.length > 0 &&
    rows[rows.length - 1].time < now
  ) {
    rows.push({ time: now });
  }

  let inForce: number | undefined;
  for (const row of rows) {
    inForce = row.recorded?.monthlyUsd ?? inForce;
    row.estimateUsd = inForce;
  }
  return rows;
}
