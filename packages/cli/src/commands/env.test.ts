import { newLines } from './env';

describe('newLines', () => {
  it('prints only what follows the lines already shown', () => {
    expect(newLines(['a', 'b', 'c'], ['b', 'c', 'd', 'e'])).toEqual(['d', 'e']);
  });

  it('prints nothing when nothing was written', () => {
    expect(newLines(['a', 'b'], ['a', 'b'])).toEqual([]);
  });

  it('handles a repeated line by matching the whole shown tail', () => {
    expect(newLines(['x', 'ok', 'ok'], ['x', 'ok', 'ok', 'ok'])).toEqual([
      'ok',
    ]);
  });

  it('prints everything when the window moved past what was shown', () => {
    expect(newLines(['a'], ['x', 'y'])).toEqual(['x', 'y']);
  });
});
