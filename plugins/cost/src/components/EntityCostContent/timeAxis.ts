const DAY = 24 * 60 * 60 * 1000;

/** The time axis of a chart: its range and a tick at each month's start. */
export interface TimeAxis {
  domain: [number, number];
  ticks: number[];
}

/**
 * The range the points span, widened to a month when they all fall on
 * one instant, with a tick on the first of every month inside it (rather
 * than recharts' evenly spaced instants, which repeat month labels).
 */
export function timeAxis(times: number[]): TimeAxis {
  let min = Math.min(...times);
  let max = Math.max(...times);
  if (min === max) {
    min -= 15 * DAY;
    max += 15 * DAY;
  }
  const ticks: number[] = [];
  const first = new Date(min);
  for (
    let month = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
    month <= max;
    month = Date.UTC(
      new Date(month).getUTCFullYear(),
      new Date(month).getUTCMonth() + 1,
      1,
    )
  ) {
    if (month >= min) {
      ticks.push(month);
    }
  }
  return { domain: [min, max], ticks };
}
