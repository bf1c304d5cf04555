import { AuditEventInput } from '@pave/plugin-audit-common';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** The spool's file name inside its directory. */
export const SPOOL_FILE_NAME = 'audit-spool.ndjson';

/** Replays read this much at a time; a line is at most a few tens of kB. */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * The audit journal's local, append-only fallback: one event per line
 * (NDJSON), each write synced to disk before it returns, so an event
 * acknowledged from the spool survives a crash. Reads go by byte offset so
 * a replay can stop and resume; a torn last line (a crash mid-write, never
 * acknowledged) is skipped.
 *
 * @public
 */
export class SpoolFile {
  private handle?: FileHandle;
  private readonly path: string;

  constructor(private readonly directory: string) {
    this.path = join(directory, SPOOL_FILE_NAME);
  }

  /** The file's location, for logs. */
  get location(): string {
    return this.path;
  }

  /** Bytes in the spool; 0 when there is none. */
  async size(): Promise<number> {
    try {
      return (await stat(this.path)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return 0;
      }
      throw error;
    }
  }

  /** Appends the events in order and syncs them to disk. */
  async append(events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) {
      return;
    }
    const handle = await this.open();
    await handle.appendFile(
      events.map(event => `${JSON.stringify(event)}\n`).join(''),
    );
    await handle.datasync();
  }

  /**
   * Up to `max` events from byte `offset`, and the offset after them. Only
   * complete lines are read; an unparsable line (torn by a crash) is
   * skipped and reported through `onCorrupt`.
   */
  async read(
    offset: number,
    max: number,
    onCorrupt?: (line: string) => void,
  ): Promise<{ events: AuditEventInput[]; nextOffset: number }> {
    const content = await this.readChunk(offset, READ_CHUNK_BYTES);
    const events: AuditEventInput[] = [];
    let position = 0;
    while (events.length < max && position < content.length) {
      const end = content.indexOf(0x0a, position);
      if (end < 0) {
        break; // an incomplete last line: written by nobody who got an ack
      }
      const line = content.subarray(position, end).toString('utf8');
      position = end + 1;
      if (line.trim() === '') {
        continue;
      }
      try {
        events.push(JSON.parse(line) as AuditEventInput);
      } catch {
        onCorrupt?.(line);
      }
    }
    return { events, nextOffset: offset + position };
  }

  /** Bytes from `offset`, at least one whole line when there is one. */
  private async readChunk(offset: number, bytes: number): Promise<Buffer> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return Buffer.alloc(0);
      }
      throw error;
    }
    try {
      for (let length = bytes; ; length *= 2) {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        const chunk = buffer.subarray(0, bytesRead);
        // A line longer than the chunk: read again with room for it.
        if (bytesRead < length || chunk.includes(0x0a)) {
          return chunk;
        }
      }
    } finally {
      await handle.close();
    }
  }

  /** Deletes the spool once every event in it is stored. */
  async remove(): Promise<void> {
    await this.close();
    await rm(this.path, { force: true });
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private async open(): Promise<FileHandle> {
    if (!this.handle) {
      await mkdir(this.directory, { recursive: true });
      const handle = await open(this.path, 'a+', 0o600);
      // A previous process may have died mid-line: start on a fresh line so
      // the torn fragment does not swallow the next event.
      const { size } = await handle.stat();
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) {
          await handle.appendFile('\n');
        }
      }
      this.handle = handle;
    }
    return this.handle;
  }
}
