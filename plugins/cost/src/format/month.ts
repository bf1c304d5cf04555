/** The first instant of a `2026-02` month, UTC, in milliseconds. */
export function monthStart(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return Date.UTC(year, m - 1, 1);
}

/** The first instant of the month after `month`, UTC, in milliseconds. */
export function monthEnd(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return Date.UTC(year, m, 1);
}

const MONTH_LABEL = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `Feb 2026` for `2026-02` or an instant in it. */
export function formatMonth(monthOrTime: string | number): string {
  const time =
    typeof monthOrTime === 'string' ? monthStart(monthOrTime) : monthOrTime;
  return MONTH_LABEL.format(time);
}

/** `2026-02-14`: the UTC day of an instant. */
export function formatDay(time: string | number): string {
  return new Date(time).toISOString().slice(0, 10);
}
