export interface Config {
  pave?: {
    repositories?: {
      /**
       * Directory of the local repository store: one bare git repository
       * per published service. Relative paths resolve against the backend's
       * working directory. Defaults to `$PAVE_DATA_DIR/repositories`.
       */
      directory?: string;
      /**
       * Base URL the catalog reads stored files under
       * (`<baseUrl>/<name>/blob/<ref>/<path>`); only Pave's URL reader
       * answers it. Defaults to `https://git.pave.localhost`.
       */
      baseUrl?: string;
    };
  };
}
