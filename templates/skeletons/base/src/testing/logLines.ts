import { Writable } from 'node:stream';
import { createLogger } from '../logger';

/** A real logger at `level` whose JSON lines land, parsed, in `lines`. */
export function loggedLines(name: string, level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: createLogger({ name, level, destination }) };
}
