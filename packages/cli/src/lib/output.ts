import pc from 'picocolors';

type Colors = ReturnType<typeof pc.createColors>;

/** Where a command writes: stdout for answers, stderr for progress and errors. */
export interface Streams {
  stdout: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
}

/** One column of {@link Output.table}. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | undefined;
  align?: 'left' | 'right';
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Visible width of a string: colour codes take no room. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/**
 * Decides colour the way terminal tools do: `NO_COLOR` turns it off,
 * `FORCE_COLOR` on, otherwise only when the stream is a terminal.
 */
export function colorEnabled(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
    return false;
  }
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') {
    return true;
  }
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner on a terminal, a line per change elsewhere. */
export class Progress {
  private timer?: NodeJS.Timeout;
  private frame = 0;
  private readonly tty: boolean;

  constructor(
    private readonly stream: Streams['stderr'],
    private readonly c: Colors,
    private text: string,
  ) {
    this.tty = Boolean(stream.isTTY);
    if (this.tty) {
      this.timer = setInterval(() => this.render(), 80);
      this.timer.unref();
      this.render();
    } else {
      this.stream.write(`… ${text}\n`);
    }
  }

  update(text: string) {
    if (text === this.text) {
      return;
    }
    this.text = text;
    if (!this.tty) {
      this.stream.write(`… ${text}\n`);
    }
  }

  /** A line above the spinner (a task's log line), the spinner kept. */
  log(line: string) {
    if (this.tty && this.timer) {
      this.stream.write(`\r\u001b[2K${line}\n`);
      this.render();
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  succeed(text = this.text) {
    this.finish(this.c.green('✔'), text);
  }

  fail(text = this.text) {
    this.finish(this.c.red('✖'), text);
  }

  /** Stops without a verdict line (the caller prints its own). */
  stop() {
    this.finish();
  }

  private render() {
    this.frame = (this.frame + 1) % FRAMES.length;
    this.stream.write(
      `\r\u001b[2K${this.c.cyan(FRAMES[this.frame])} ${this.text}`,
    );
  }

  private finish(symbol?: string, text?: string) {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    if (this.tty) {
      this.stream.write('\r\u001b[2K');
    }
    if (symbol) {
      this.stream.write(`${symbol} ${text}\n`);
    }
  }
}

/**
 * A command's voice: human output (aligned tables, colour on a terminal,
 * a spinner on long work) or, with `--json`, one JSON document on stdout
 * and nothing else there.
 */
export class Output {
  readonly c: Colors;
  /** Colours for stderr (progress, notes), decided for that stream. */
  readonly stderrColors: Colors;

  constructor(
    readonly json: boolean,
    private readonly streams: Streams = process,
    env: Record<string, string | undefined> = process.env,
  ) {
    this.c = pc.createColors(colorEnabled(streams.stdout, env));
    this.stderrColors = pc.createColors(colorEnabled(streams.stderr, env));
  }

  /** A line of the answer (suppressed with `--json`). */
  line(text = '') {
    if (!this.json) {
      this.streams.stdout.write(`${text}\n`);
    }
  }

  /** The answer with `--json`: the server's document as it came. */
  data(value: unknown) {
    if (this.json) {
      this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    }
  }

  /** Progress and notes for the person watching: stderr, never parsed. */
  note(text: string) {
    this.streams.stderr.write(`${text}\n`);
  }

  error(message: string, hint?: string) {
    const c = this.stderrColors;
    this.streams.stderr.write(`${c.red(c.bold('error'))} ${message}\n`);
    if (hint) {
      this.streams.stderr.write(`${c.dim('→')} ${hint}\n`);
    }
  }

  /** Rows as an aligned table with a header; "(none)" when empty. */
  table<Row>(rows: Row[], columns: Column<Row>[]) {
    if (this.json) {
      return;
    }
    if (rows.length === 0) {
      this.line(this.c.dim('(none)'));
      return;
    }
    const cells = rows.map(row =>
      columns.map(column => String(column.value(row) ?? '')),
    );
    const widths = columns.map((column, i) =>
      Math.max(
        visibleWidth(column.header),
        ...cells.map(row => visibleWidth(row[i])),
      ),
    );
    const pad = (text: string, i: number) => {
      const gap = ' '.repeat(widths[i] - visibleWidth(text));
      return columns[i].align === 'right' ? gap + text : text + gap;
    };
    const render = (row: string[]) =>
      row.map(pad).join('  ').replace(/\s+$/, '');
    this.line(this.c.bold(render(columns.map(column => column.header))));
    for (const row of cells) {
      this.line(render(row));
    }
  }

  /**
   * Progress on long work: a spinner on a terminal (stderr), plain lines
   * otherwise, so CI logs show each step once.
   */
  progress(text: string): Progress {
    return new Progress(this.streams.stderr, this.stderrColors, text);
  }
}
