import { timeAxis } from './timeAxis';

const day = (iso: string) => Date.parse(`${iso}T00:00:00.000Z`);
const days = (times: number[]) =>
  times.map(time => new Date(time).toISOString().slice(0, 10));

describe('timeAxis', () => {
  it('spans the points with a tick on the first of each month inside', () => {
    const axis = timeAxis([
      day('2026-01-10'),
      day('2025-12-16'),
      day('2026-03-10'),
    ]);
    expect(days(axis.domain)).toEqual(['2025-12-16', '2026-03-10']);
    expect(days(axis.ticks)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
  });

  it('widens a single instant to a month around it', () => {
    const axis = timeAxis([day('2026-02-15')]);
    expect(days(axis.domain)).toEqual(['2026-01-31', '2026-03-02']);
    expect(days(axis.ticks)).toEqual(['2026-02-01', '2026-03-01']);
  });
});
