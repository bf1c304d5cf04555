import { Output, colorEnabled, visibleWidth } from './output';

function capture(isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const streams = {
    stdout: { isTTY, write: (s: string) => out.push(s) },
    stderr: { isTTY, write: (s: string) => err.push(s) },
  };
  return { out, err, streams };
}

describe('Output', () => {
  it('aligns a table by visible width, right-aligning numbers', () => {
    const { out, streams } = capture();
    const output = new Output(false, streams, {});
    output.table(
      [
        { name: 'orders', cost: '$12.00' },
        { name: 'payments-gateway', cost: '$1,204.50' },
      ],
      [
        { header: 'NAME', value: r => r.name },
        { header: 'MONTHLY', value: r => r.cost, align: 'right' },
      ],
    );
    expect(out.join('')).toBe(
      [
        'NAME                MONTHLY',
        'orders               $12.00',
        'payments-gateway  $1,204.50',
        '',
      ].join('\n'),
    );
  });

  it('with --json prints only the document on stdout', () => {
    const { out, err, streams } = capture();
    const output = new Output(true, streams, {});
    output.line('human');
    output.table([{ a: 1 }], [{ header: 'A', value: r => r.a }]);
    output.data({ decision: 'deny' });
    output.progress('working').succeed();
    expect(JSON.parse(out.join(''))).toEqual({ decision: 'deny' });
    expect(err.join('')).toContain('working');
  });

  it('prints progress as plain lines off a terminal', () => {
    const { err, streams } = capture(false);
    const progress = new Output(false, streams, {}).progress('[1/2] Fetch');
    progress.succeed('[1/2] Fetch 0.4 s');
    expect(err.join('')).toBe('… [1/2] Fetch\n✔ [1/2] Fetch 0.4 s\n');
  });
});

describe('colorEnabled', () => {
  it('colours a terminal only, and obeys NO_COLOR and FORCE_COLOR', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });

  it('measures text without its colour codes', () => {
    expect(visibleWidth('\u001b[32m✔ ok\u001b[39m')).toBe(4);
  });
});
