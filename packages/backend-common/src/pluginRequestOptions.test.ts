import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  credentialedClient,
  pluginRequestOptions,
} from './pluginRequestOptions';

describe('pluginRequestOptions', () => {
  it('issues a token for the target plugin on behalf of the credentials', async () => {
    const auth = mockServices.auth({ pluginId: 'policy' });
    const toOptions = pluginRequestOptions(auth, 'cost');
    const signal = new AbortController().signal;
    const options = await toOptions({
      credentials: mockCredentials.user('user:default/ada'),
      signal,
    });
    expect(options.signal).toBe(signal);
    // The mock token says who it is for and on whose behalf.
    expect(options.token).toMatch(/"obo":"user:default\/ada"/);
    expect(options.token).toMatch(/"target":"cost"/);
  });

  it('speaks for the calling plugin with its own credentials', async () => {
    const auth = mockServices.auth({ pluginId: 'policy' });
    const options = await pluginRequestOptions(
      auth,
      'cost',
    )({
      credentials: await auth.getOwnServiceCredentials(),
    });
    expect(options.token).toMatch(/"target":"cost"/);
    expect(options.token).toMatch(/"sub":"plugin:policy"/);
    expect(options).not.toHaveProperty('signal');
  });
});

describe('credentialedClient', () => {
  /** A client that records what each call received. */
  class RecordingClient {
    calls: unknown[][] = [];
    async get(ref: string, options?: { token?: string; signal?: AbortSignal }) {
      this.calls.push(['get', ref, options]);
      return `got ${ref}`;
    }
    async list(options?: { token?: string }) {
      this.calls.push(['list', options]);
      return [] as string[];
    }
    async remove(ref: string) {
      this.calls.push(['remove', ref]);
    }
  }

  it('passes the arguments on and a token for the credentials in place of the options', async () => {
    const client = new RecordingClient();
    const service = credentialedClient({
      client,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      targetPluginId: 'cost',
      methods: ['get', 'list'],
    });
    const credentials = mockCredentials.user('user:default/ada');
    await expect(
      service.get('component:default/x', { credentials }),
    ).resolves.toBe('got component:default/x');
    await service.list({ credentials });
    expect(client.calls).toEqual([
      [
        'get',
        'component:default/x',
        { token: expect.stringMatching(/"obo":"user:default\/ada"/) },
      ],
      ['list', { token: expect.stringMatching(/"target":"cost"/) }],
    ]);
    // Only the methods asked for.
    expect(service).not.toHaveProperty('remove');
  });
});
