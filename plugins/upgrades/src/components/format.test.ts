import { behindBy, bulkCandidates, diffLineKind, newestFirst } from './format';
import {
  cleanRequest,
  conflictedRequest,
  goServices,
} from '../__testUtils__/fixtures';

describe('format', () => {
  it('words how far a version is behind, by the largest part that differs', () => {
    expect(behindBy('1.2.0', '1.4.0')).toBe('2 minor versions behind');
    expect(behindBy('1.9.3', '2.0.0')).toBe('1 major version behind');
    expect(behindBy('1.4.0', '1.4.2')).toBe('2 patch versions behind');
    expect(behindBy('1.4.0', '1.4.0')).toBe('up to date');
    expect(behindBy('2.0.0', '1.9.0')).toBe('up to date');
    expect(behindBy('1.4', '1.4.0')).toBe('behind');
  });

  it('classifies diff lines, telling a removed `--` line from a header', () => {
    expect(diffLineKind('--- a/schema.sql')).toBe('file');
    expect(diffLineKind('+++ /dev/null')).toBe('file');
    expect(diffLineKind('--- comment')).toBe('removed');
    expect(diffLineKind('+++counter')).toBe('added');
    expect(diffLineKind('@@ -1 +1 @@')).toBe('hunk');
    expect(diffLineKind(' same')).toBe('context');
  });

  it('counts what a bulk run would take: behind and unknown versions', () => {
    expect(bulkCandidates(goServices)).toEqual({ behind: 2, unknown: 1 });
  });

  it('orders change requests newest first, a new one once', () => {
    expect(
      newestFirst([conflictedRequest, cleanRequest], cleanRequest).map(
        r => r.id,
      ),
    ).toEqual(['cr-2', 'cr-1']);
    expect(
      newestFirst([conflictedRequest], cleanRequest).map(r => r.id),
    ).toEqual(['cr-2', 'cr-1']);
  });
});
