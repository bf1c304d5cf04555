import { TextChunks } from './TextChunks';

function decode(chunks: Array<string | Uint8Array>): string {
  const text = new TextChunks();
  return chunks.map(chunk => text.decode(chunk)).join('') + text.end();
}

describe('TextChunks', () => {
  it('decodes UTF-8 whatever byte a chunk ends on', () => {
    const bytes = Buffer.from('\ufeffé,€,😀\n');
    expect(decode([bytes])).toBe('\ufeffé,€,😀\n');
    for (let at = 0; at <= bytes.length; at++) {
      expect(decode([bytes.subarray(0, at), bytes.subarray(at)])).toBe(
        '\ufeffé,€,😀\n',
      );
    }
    expect(decode([...bytes].map(byte => Uint8Array.of(byte)))).toBe(
      '\ufeffé,€,😀\n',
    );
  });

  it('decodes UTF-16LE after its byte order mark', () => {
    const bytes = Buffer.from('\ufeffcafé,😀', 'utf16le');
    expect(bytes[0]).toBe(0xff);
    expect(decode([...bytes].map(byte => Uint8Array.of(byte)))).toBe(
      '\ufeffcafé,😀',
    );
  });

  it('passes strings through and reads a one-byte file', () => {
    expect(decode(['a,', 'b'])).toBe('a,b');
    expect(decode([Buffer.from('x')])).toBe('x');
    expect(decode([])).toBe('');
  });
});
