export interface Config {
  pave?: {
    policy?: {
      /**
       * Directory holding the Cedar policies (`*.cedar`, read recursively),
       * their schema (`schema.cedarschema`) and group facts (`groups.json`).
       * Relative paths resolve against the backend's working directory
       * (packages/backend), like app-config file locations. Defaults to
       * `../../policies`, the repository's `policies/`.
       */
      directory?: string;
    };
  };
}
