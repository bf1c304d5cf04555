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
      reload?: {
        /**
         * Refuse a reload (409) unless a what-if (`POST /api/policy/what-if`,
         * `pave policy what-if`) ran on exactly the files it would load,
         * by their content hash. Defaults to false.
         */
        requireWhatIf?: boolean;
      };
    };
  };
}
