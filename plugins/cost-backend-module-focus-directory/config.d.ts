export interface Config {
  pave?: {
    cost?: {
      actuals?: {
        /**
         * A directory where FOCUS exports land (`*.csv`, `*.csv.gz`): each
         * file is ingested once per name, size and modification time.
         * Relative paths resolve against the backend's working directory.
         */
        focusDirectory?: string;
      };
    };
  };
}
