export interface Config {
  pave?: {
    permissions?: {
      /**
       * Entity ref of the group whose members administer the portal: they may
       * register and unregister locations, manage templates and see every
       * scaffolder task. Defaults to `group:default/platform`.
       */
      platformGroup?: string;
    };
  };
}
