export interface Config {
  pave?: {
    cost?: {
      /**
       * Directory holding the pricing catalog (`aws.yaml`, `gcp.yaml`,
       * `azure.yaml`). Relative paths resolve against the backend's working
       * directory (packages/backend), like app-config file locations.
       * Defaults to `../../pricing`, the repository's `pricing/`.
       */
      pricingDirectory?: string;
      /**
       * |actual − estimate| / estimate above which a billed month is flagged
       * as diverged. Defaults to 0.25 (25 %).
       */
      divergenceThreshold?: number;
      /**
       * Seconds between rounds that re-estimate components from their
       * catalog Resources and record changed estimates. Defaults to 300.
       */
      catalogRefreshSeconds?: number;
      actuals?: {
        /** Minutes between ingest rounds. Defaults to 60. */
        frequencyMinutes?: number;
      };
    };
  };
}
