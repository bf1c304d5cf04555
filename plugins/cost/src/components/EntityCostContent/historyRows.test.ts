import { ordersCost } from '@pave/plugin-cost-react/testUtils';
import { historyRows } from './historyRows';

describe('historyRows', () => {
  const now = Date.parse('2026-03-10T00:00:00.000Z');

  it('puts estimates and billed months on one axis with the estimate in force', () => {
    const rows = historyRows(ordersCost.history, ordersCost.actuals, now);

    expect(
      rows.map(row => ({
        day: new Date(row.time).toISOString().slice(0, 10),
        estimateUsd: row.estimateUsd,
        actualUsd: row.actualUsd,
        recorded: row.recorded?.cause.kind,
      })),
    ).toEqual([
      // December was billed before anything was estimated.
      { day: '2025-12-16', estimateUsd: undefined, actualUsd: 80 },
      { day: '2026-01-10', estimateUsd: 150, recorded: 'task' },
      { day: '2026-01-16', estimateUsd: 150, actualUsd: 160 },
      { day: '2026-02-15', estimateUsd: 150, actualUsd: 420 },
      { day: '2026-02-20', estimateUsd: 311.86, recorded: 'spec-change' },
      // The current estimate runs on to today.
      { day: '2026-03-10', estimateUsd: 311.86 },
    ]);
    expect(rows[3].actual?.diverged).toBe(true);
  });

  it('draws no estimate line when nothing was ever estimated', () => {
    const rows = historyRows([], ordersCost.actuals.slice(0, 1), now);
    expect(rows).toHaveLength(1);
    expect(rows[0].estimateUsd).toBeUndefined();
  });
});
