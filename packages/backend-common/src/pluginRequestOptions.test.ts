import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { pluginRequestOptions } from './pluginRequestOptions';

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
