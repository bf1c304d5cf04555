export interface Config {
  pave?: {
    publish?: {
      /** `local` (the repository store, default) or `github`. */
      provider?: 'local' | 'github';
      github?: {
        /** Organisation new repositories are created in. */
        owner?: string;
        /** Defaults to github.com. */
        host?: string;
      };
    };
  };
}
