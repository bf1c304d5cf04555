export interface Config {
  pave?: {
    environments?: {
      /** Short-lived `preview-<name>` environments. */
      previews?: {
        /** Hours a preview lives when the deploy names none (default 24). */
        defaultTtlHours?: number;
        /** Hours a preview may live from now, on deploy or extend (default 168). */
        maxTtlHours?: number;
        /** Hours before expiry the owners are notified (default 2). */
        noticeHours?: number;
      };
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
        /** The cloud environment a local one is priced as (default dev); previews are priced as previews. */
        priceAs?: string;
      };
    };
  };
}
