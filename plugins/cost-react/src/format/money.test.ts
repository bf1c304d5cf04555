import {
  formatDeviation,
  formatEstimate,
  formatUnitUsd,
  formatUsd,
} from './money';

describe('money', () => {
  it('formats dollars with cents and separators', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(-45.5)).toBe('-$45.50');
  });

  it('keeps the digits of sub-cent unit prices', () => {
    expect(formatUnitUsd(0.0042)).toBe('$0.0042');
    expect(formatUnitUsd(0.178)).toBe('$0.178');
    expect(formatUnitUsd(2)).toBe('$2.00');
  });

  it('states an incomplete total as a floor', () => {
    expect(formatEstimate(311.86, true)).toBe('$311.86');
    expect(formatEstimate(311.86, false)).toBe('at least $311.86');
  });

  it('signs deviations', () => {
    expect(formatDeviation(0.3467)).toBe('+35%');
    expect(formatDeviation(-0.08)).toBe('-8%');
    expect(formatDeviation(0)).toBe('0%');
  });
});
