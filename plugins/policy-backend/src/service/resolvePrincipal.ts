import { UserInfoService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CallerCredentials } from '@pave/backend-common';
import { PolicyPrincipal } from '@pave/plugin-policy-common';

/**
 * Who a policy request judges. A user is judged as who they are, so nobody
 * can borrow a colleague's groups; only a service (another plugin, the
 * CLI's static token) speaks for someone else, and must say whom.
 */
export function createPrincipalResolver(userInfo: UserInfoService) {
  return async (
    credentials: CallerCredentials,
    body: { principal?: PolicyPrincipal },
  ): Promise<PolicyPrincipal> => {
    if (credentials.principal.type !== 'user') {
      if (!body.principal) {
        throw new InputError(
          'principal: service callers must name the principal to judge',
        );
      }
      return body.principal;
    }
    // On-behalf-of calls carry user credentials too, so they land here.
    const info = await userInfo.getUserInfo(credentials);
    if (body.principal && body.principal.userEntityRef !== info.userEntityRef) {
      throw new NotAllowedError(
        `principal.userEntityRef ${body.principal.userEntityRef} is not you (${info.userEntityRef}); omit the principal to be judged as yourself`,
      );
    }
    return {
      userEntityRef: info.userEntityRef,
      groups: info.ownershipEntityRefs.filter(ref => ref.startsWith('group:')),
    };
  };
}

/** Who is judged, for the audit trail: known before the check, so a refused impersonation is audited too. */
export function judgedPrincipal(
  credentials: CallerCredentials,
  body: { principal?: PolicyPrincipal },
): string | undefined {
  return credentials.principal.type === 'user'
    ? credentials.principal.userEntityRef
    : body.principal?.userEntityRef;
}
