export interface Config {
  pave?: {
    upgrades?: {
      /**
       * The golden templates rendered for upgrades: `<name>.yaml` and the
       * skeletons their steps name (default `../../templates`, relative to
       * where the backend starts). The same files the catalog serves, so a
       * template's version on its page is the one upgrades render.
       */
      templatesDirectory?: string;
    };
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
