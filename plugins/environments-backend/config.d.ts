export interface Config {
  pave?: {
    environments?: {
      /** Seconds between reconcile rounds (default 15). */
      reconcileSeconds?: number;
      /** The local target: services and real servers on the Pave host. */
      local?: {
        /** Off on replicas that should not run it, or where its servers are not installed. */
        enabled?: boolean;
        /** Environment names it serves (default: local). */
        environments?: string[];
        /** Where the servers keep their data and credentials (mode 600). */
        dataDirectory?: string;
        /** Where services are checked out, built and run. */
        workDirectory?: string;
      };
    };
  };
}
