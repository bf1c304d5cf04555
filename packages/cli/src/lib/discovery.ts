import { PluginDiscovery } from '@pave/common';

/** Every plugin of the Pave at `url`, where Backstage serves it: `/api/<pluginId>`. */
export function urlDiscovery(url: string): PluginDiscovery {
  return { getBaseUrl: async pluginId => `${url}/api/${pluginId}` };
}
