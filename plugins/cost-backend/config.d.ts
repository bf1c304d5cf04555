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
    };
  };
}
