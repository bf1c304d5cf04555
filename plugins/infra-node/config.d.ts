export interface Config {
  pave?: {
    infra?: {
      /**
       * The long-lived environments services deploy to, by name (dev,
       * staging, prod). The type decides the secure defaults; the target
       * says which cloud, region and account/project/subscription.
       */
      environments?: {
        [name: string]: {
          /** dev | staging | prod (preview environments use previewTarget). */
          type: 'dev' | 'preview' | 'staging' | 'prod';
          /** Cloud target; fields depend on `cloud` (see @pave/plugin-infra-common). */
          target: {
            cloud: 'aws' | 'gcp' | 'azure';
            region: string;
            [key: string]: unknown;
          };
          /** DNS zone of the environment's ingress; Score `dns` resources are `<service>.<dnsZone>`. */
          dnsZone?: string;
        };
      };
      /** DNS zone of previews; a preview's host is `<service>-<preview>.<previewDnsZone>`. */
      previewDnsZone?: string;
      /** Where short-lived `preview-<id>` environments are created. */
      previewTarget?: {
        cloud: 'aws' | 'gcp' | 'azure';
        region: string;
        [key: string]: unknown;
      };
    };
  };
}
