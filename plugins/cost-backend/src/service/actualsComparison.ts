import { ActualMonth, EstimateHistoryPoint } from '@pave/plugin-cost-common';
import { ActualsMonthRow } from '../database/DatabaseCostStore';

const round2 = (value: number) => Math.round(value * 100) / 100;

/** `2026-10` of a date, `monthsBack` months earlier. */
export function monthOf(date: Date, monthsBack = 0): string {
  const d = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - monthsBack, 1),
  );
  return d.toISOString().slice(0, 7);
}

function monthBounds(month: string): [number, number] {
  const [year, m] = month.split('-').map(Number);
  return [Date.UTC(year, m - 1, 1), Date.UTC(year, m, 1)];
}

/**
 * Each billed month against the estimate in force at its end — the last
 * one recorded before the month closed — prorated to the part of the
 * month the billing data covers, so a month in progress compares like
 * with like.
 */
export function compareActuals(
  rows: ActualsMonthRow[],
  history: EstimateHistoryPoint[],
  threshold: number,
): ActualMonth[] {
  const months = new Map<
    string,
    { micros: number; byEnvironment: Record<string, number>; covered: string }
  >();
  for (const row of rows) {
    const month = months.get(row.month) ?? {
      micros: 0,
      byEnvironment: {},
      covered: row.coveredUntil,
    };
    month.micros += row.micros;
    month.byEnvironment[row.environment] =
      (month.byEnvironment[row.environment] ?? 0) + row.micros;
    if (row.coveredUntil > month.covered) {
      month.covered = row.coveredUntil;
    }
    months.set(row.month, month);
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, data]) => {
      const [start, end] = monthBounds(month);
      const actualUsd = round2(data.micros / 1e6);
      const result: ActualMonth = {
        month,
        actualUsd,
        byEnvironment: Object.fromEntries(
          Object.entries(data.byEnvironment).map(([env, micros]) => [
            env,
            round2(micros / 1e6),
          ]),
        ),
        coveredUntil: data.covered,
        diverged: false,
      };
      const inForce = [...history]
        .reverse()
        .find(point => Date.parse(point.recordedAt) < end);
      if (!inForce) {
        return result;
      }
      const covered = Date.parse(data.covered);
      const fraction = Math.min(
        1,
        Math.max(
          0,
          ((Number.isNaN(covered) ? end : covered) - start) / (end - start),
        ),
      );
      const estimateUsd = round2(inForce.monthlyUsd * fraction);
      result.estimateUsd = estimateUsd;
      if (estimateUsd > 0) {
        result.deviation =
          Math.round(((actualUsd - estimateUsd) / estimateUsd) * 10000) / 10000;
        result.diverged = Math.abs(result.deviation) > threshold;
      } else {
        // Spend where nothing was expected is a divergence of its own.
        result.diverged = actualUsd >= 1;
      }
      return result;
    });
}
