import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';
import { createRouteAuthorizer } from './authorizeRoute';

const permission = createPermission({
  name: 'pave.test.read',
  attributes: { action: 'read' },
});

function request(authorization?: string): Request {
  return {
    headers: authorization ? { authorization } : {},
  } as unknown as Request;
}

function authorizer(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const asked: string[] = [];
  const authorize = createRouteAuthorizer({
    httpAuth: mockServices.httpAuth({ defaultCredentials: undefined as any }),
    permissions: mockServices.permissions.mock({
      authorize: async requests => {
        asked.push(...requests.map(r => r.permission.name));
        return requests.map(() => ({ result }));
      },
    }),
  });
  return { authorize, asked };
}

describe('createRouteAuthorizer', () => {
  it('returns the caller when the permission is allowed', async () => {
    const { authorize, asked } = authorizer(AuthorizeResult.ALLOW);
    const credentials = await authorize(
      request(mockCredentials.user.header('user:default/ada')),
      permission,
      'You may not read tests',
    );
    expect(credentials.principal).toMatchObject({
      type: 'user',
      userEntityRef: 'user:default/ada',
    });
    expect(asked).toEqual(['pave.test.read']);
  });

  it('accepts another plugin or the CLI token as a service', async () => {
    const { authorize } = authorizer(AuthorizeResult.ALLOW);
    const credentials = await authorize(
      request(mockCredentials.service.header()),
      permission,
      'no',
    );
    expect(credentials.principal.type).toBe('service');
  });

  it('refuses with the 403 message naming what may not be done', async () => {
    const { authorize } = authorizer(AuthorizeResult.DENY);
    await expect(
      authorize(
        request(mockCredentials.user.header()),
        permission,
        'You may not read tests; the platform team does',
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'You may not read tests; the platform team does',
    });
  });

  it('refuses a request without credentials before asking for a decision', async () => {
    const { authorize, asked } = authorizer(AuthorizeResult.ALLOW);
    await expect(
      authorize(request(mockCredentials.none.header()), permission, 'no'),
    ).rejects.toMatchObject({ name: 'AuthenticationError' });
    expect(asked).toEqual([]);
  });
});
