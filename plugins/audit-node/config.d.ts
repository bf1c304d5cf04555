export interface Config {
  pave?: {
    audit?: {
      /**
       * Where audit events wait while the audit database is unreachable (an
       * append-only NDJSON file, replayed in order when it returns).
       * Relative paths resolve against the backend's working directory.
       * Defaults to `$PAVE_DATA_DIR/audit-spool`, else `../../data/audit-spool`.
       * One process per directory: a replica refuses to start on a spool
       * another live process holds, so give each replica its own disk path.
       */
      spoolDirectory?: string;
      /** Events per store transaction. Default 500. */
      batchSize?: number;
      /**
       * How long a batch that is not full waits for more events, in ms.
       * Default 0: events arriving during a write form the next batch anyway.
       */
      flushDelayMs?: number;
      /** Events held in memory before they go to the spool. Default 10000. */
      maxQueue?: number;
      /** A store write slower than this (ms) spools its events instead. Default 5000. */
      writeTimeoutMs?: number;
      /** Pause between attempts to reach the store while it is down, in ms. Default 1000. */
      retryDelayMs?: number;
      /** Metadata larger than this (canonical JSON bytes) is replaced by a truncation marker. Default 16384. */
      maxMetaBytes?: number;
    };
  };
}
