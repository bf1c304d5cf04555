import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { PaveRequestOptions, PluginDiscovery } from '@pave/common';
import { clientServiceRef } from './clientServiceRef';

/** A client of an imaginary `greetings` plugin that says what it got. */
class GreetingsClient {
  constructor(private readonly discovery: PluginDiscovery) {}
  async greet(name: string, options?: PaveRequestOptions) {
    return {
      url: await this.discovery.getBaseUrl('greetings'),
      name,
      token: options?.token,
    };
  }
}

const greetings = clientServiceRef({
  id: 'test.greetings.client',
  targetPluginId: 'greetings',
  createClient: (discovery: PluginDiscovery) => new GreetingsClient(discovery),
  methods: ['greet'],
});

describe('clientServiceRef', () => {
  it('gives each plugin the client, calling with tokens for the credentials passed', async () => {
    let answer: unknown;
    const caller = createBackendPlugin({
      pluginId: 'caller',
      register(env) {
        env.registerInit({
          deps: { client: greetings.ref, auth: coreServices.auth },
          async init({ client, auth }) {
            answer = await client.greet('Ada', {
              credentials: await auth.getOwnServiceCredentials(),
            });
          },
        });
      },
    });
    await startTestBackend({
      features: [caller, mockServices.discovery.factory()],
    });
    expect(answer).toEqual({
      url: expect.stringMatching(/\/api\/greetings$/),
      name: 'Ada',
      token: mockCredentials.service.token({
        onBehalfOf: mockCredentials.service('plugin:caller'),
        targetPluginId: 'greetings',
      }),
    });
  });

  it('makes the same service outside a backend, for tests and scripts', async () => {
    const service = greetings.create({
      auth: mockServices.auth({ pluginId: 'cli' }),
      discovery: { getBaseUrl: async id => `http://127.0.0.1:7007/api/${id}` },
    });
    await expect(
      service.greet('Grace', {
        credentials: mockCredentials.user('user:default/grace'),
      }),
    ).resolves.toMatchObject({
      url: 'http://127.0.0.1:7007/api/greetings',
      token: expect.stringMatching(/"obo":"user:default\/grace"/),
    });
  });
});
