export interface Config {
  pave?: {
    permissions?: {
      /**
       * Entity ref of the group whose members administer the portal: they may
       * register and unregister locations, manage templates and see every
       * scaffolder task. Defaults to `group:default/platform`.
       */
      platformGroup?: string;
      /**
       * Scaffolder actions Cedar's `action.execute` judges even when no
       * catalog template uses them (a template-editor dry run can).
       * Defaults to `debug:log` and `debug:wait`.
       */
      governedActions?: string[];
    };
  };
}
