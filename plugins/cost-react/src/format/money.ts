const USD = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
});

const WHOLE_USD = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});

// Unit prices go below a cent ($0.0000004 a request), so keep their digits.
const UNIT_USD = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 7,
});

const PERCENT = new Intl.NumberFormat('en-US', {
  style: 'percent',
  maximumFractionDigits: 0,
  signDisplay: 'exceptZero',
});

const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** `$1,234.50`. */
export function formatUsd(usd: number): string {
  return USD.format(usd);
}

/** `$1,235`: for chart axes, where cents are noise. */
export function formatWholeUsd(usd: number): string {
  return WHOLE_USD.format(usd);
}

/** A unit price with the digits it has: `$0.0042`. */
export function formatUnitUsd(usd: number): string {
  return UNIT_USD.format(usd);
}

/**
 * A total as an estimate states it: an incomplete one is a floor, so it
 * reads "at least $X" rather than passing for the whole cost.
 */
export function formatEstimate(usd: number, complete: boolean): string {
  return complete ? formatUsd(usd) : `at least ${formatUsd(usd)}`;
}

/** A signed share: `+35%`, `-8%`, `0%`. */
export function formatDeviation(ratio: number): string {
  return PERCENT.format(ratio);
}

/** `1,460`, `0.5`. */
export function formatQuantity(quantity: number): string {
  return QUANTITY.format(quantity);
}
