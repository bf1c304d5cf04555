import { EstimateHistoryPoint } from '@pave/plugin-cost-common';
import { compareActuals, monthOf } from './actualsComparison';

function point(recordedAt: string, monthlyUsd: number): EstimateHistoryPoint {
  return {
    id: recordedAt,
    entityRef: 'component:default/orders',
    recordedAt,
    cause: { kind: 'api' },
    monthlyUsd,
    complete: true,
    byEnvironment: { prod: monthlyUsd },
    byEnvironmentType: { prod: monthlyUsd },
  };
}

const row = (
  month: string,
  micros: number,
  coveredUntil: string,
  environment = 'prod',
) => ({
  entityRef: 'component:default/orders',
  month,
  environment,
  micros,
  coveredUntil,
});

describe('compareActuals', () => {
  const history = [
    point('2026-08-20T00:00:00Z', 300),
    point('2026-10-10T00:00:00Z', 600),
  ];

  it('compares each closed month with the estimate in force at its end', () => {
    const [september, october] = compareActuals(
      [
        row('2026-09', 310_000_000, '2026-10-01T00:00:00Z'),
        row('2026-10', 500_000_000, '2026-11-01T00:00:00Z', 'prod'),
        row('2026-10', 20_000_000, '2026-11-01T00:00:00Z', 'dev'),
      ],
      history,
      0.25,
    );
    expect(september).toMatchObject({
      month: '2026-09',
      actualUsd: 310,
      estimateUsd: 300,
      deviation: 0.0333,
      diverged: false,
    });
    // October's estimate is the one recorded on the 10th.
    expect(october).toMatchObject({
      actualUsd: 520,
      byEnvironment: { dev: 20, prod: 500 },
      estimateUsd: 600,
      deviation: -0.1333,
      diverged: false,
    });
  });

  it('prorates a month in progress to the part the billing data covers', () => {
    // November 1–16 is half of 30 days: 600 × 15/30 = 300 expected.
    const [november] = compareActuals(
      [row('2026-11', 450_000_000, '2026-11-16T00:00:00Z')],
      history,
      0.25,
    );
    expect(november).toMatchObject({
      estimateUsd: 300,
      deviation: 0.5,
      diverged: true,
    });
  });

  it('has no estimate for months before the first one, and flags spend where none was expected', () => {
    const [july] = compareActuals(
      [row('2026-07', 5_000_000, '2026-08-01T00:00:00Z')],
      history,
      0.25,
    );
    expect(july).not.toHaveProperty('estimateUsd');
    expect(july.diverged).toBe(false);
    const [free] = compareActuals(
      [row('2026-09', 5_000_000, '2026-10-01T00:00:00Z')],
      [point('2026-08-01T00:00:00Z', 0)],
      0.25,
    );
    expect(free).toMatchObject({ estimateUsd: 0, diverged: true });
  });
});

describe('monthOf', () => {
  it('counts months back across a year boundary', () => {
    expect(monthOf(new Date('2026-02-15T00:00:00Z'), 3)).toBe('2025-11');
    expect(monthOf(new Date('2026-11-29T00:00:00Z'))).toBe('2026-11');
  });
});
