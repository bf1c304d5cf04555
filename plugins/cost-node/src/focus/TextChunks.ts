import { StringDecoder } from 'node:string_decoder';

/**
 * Decodes a byte stream to text: UTF-8, or UTF-16LE after its byte order
 * mark (as csv-parse did). A character split across chunks is kept whole.
 */
export class TextChunks {
  private decoder?: StringDecoder;
  private head = Buffer.alloc(0);

  /** The text of `chunk`, less the bytes of a character it cuts short. */
  decode(chunk: string | Uint8Array): string {
    if (typeof chunk === 'string') {
      return chunk;
    }
    if (this.decoder) {
      return this.decoder.write(chunk);
    }
    // The encoding shows in the first two bytes.
    this.head = Buffer.concat([this.head, chunk]);
    return this.head.length < 2 ? '' : this.start(this.head);
  }

  /** The text still held back once the stream ends. */
  end(): string {
    if (!this.decoder) {
      return this.head.length > 0 ? this.start(this.head) + this.end() : '';
    }
    return this.decoder.end();
  }

  private start(head: Buffer): string {
    // The splitter drops the byte order mark, whatever the encoding.
    const utf16 = head[0] === 0xff && head[1] === 0xfe;
    this.decoder = new StringDecoder(utf16 ? 'utf16le' : 'utf8');
    return this.decoder.write(head);
  }
}
