import { problems } from '@portal/contract';
import type { MockOperations } from '../http/operation-types.js';
import { subjectOf } from '../state/mock-state.js';

type AuthOperations =
  | 'requestMagicLink'
  | 'validateMagicLink'
  | 'verifyCode'
  | 'refreshSession'
  | 'logout'
  | 'listSessions'
  | 'endSession';

/** Sign-in with the server's rules, over the mock's mailbox and session store. */
export const authOperations: Pick<MockOperations, AuthOperations> = {
  // 204 whether or not the account exists or is active, so a stranger learns nothing; mail only to an
  // active account.
  requestMagicLink: ({ state, body }) => {
    const account = state.findAccount(body.email, body.tenantCode);
    if (account?.active) {
      const { token, code } = state.sessions.createMagicLink(account.me.id);
      // As the server's mail: the token in the fragment, which browsers never send to a server.
      const link = new URL(state.settings.signInUrl);
      link.hash = new URLSearchParams({ token }).toString();
      state.mailbox.deliver({
        to: account.me.email.toLowerCase(),
        tenantCode: account.tenantCode,
        subject: 'Your sign-in link',
        token,
        code,
        link: link.toString(),
        sentAt: state.clock.now().toISOString(),
      });
    }
    return { status: 204 };
  },

  validateMagicLink: ({ state, query, userAgent }) => {
    const userId = state.sessions.redeemMagicLink(query.token);
    const account = userId ? state.accountById(userId) : undefined;
    if (!account?.active) throw problems.invalidToken('code_expired_or_used');
    return { status: 200, body: state.sessions.issue(subjectOf(account), undefined, 0, userAgent) };
  },

  // The server's rules: the same 401 for a wrong code and an unknown address; the attempt counted either way.
  verifyCode: ({ state, body, userAgent }) => {
    state.codeAttempts.consume(`${body.tenantCode}\n${body.email.toLowerCase()}`);
    const account = state.findAccount(body.email, body.tenantCode);
    const userId = account?.active ? state.sessions.redeemSignInCode(account.me.id, body.code) : null;
    if (!account || !userId) throw problems.invalidToken('code_invalid');
    return { status: 200, body: state.sessions.issue(subjectOf(account), undefined, 0, userAgent) };
  },

  refreshSession: ({ state, body }) => {
    // The pipeline has put the cookie's token in the body, or refused the request (cookie-mode.ts).
    const rotation = body.refreshToken === undefined ? null : state.sessions.rotate(body.refreshToken);
    const account = rotation ? state.accountById(rotation.userId) : undefined;
    if (!rotation || !account?.active) throw problems.invalidToken('session_ended');
    const subject = subjectOf(account);
    // A second presentation within the grace period gets the successor already made, with a new access token.
    if (rotation.kind === 'successor') {
      return {
        status: 200,
        body: state.sessions.issueAccess(subject, rotation.familyId, rotation.refreshToken),
      };
    }
    const tokens = state.sessions.issue(subject, rotation.familyId);
    state.sessions.recordSuccessor(rotation.parent, tokens.refreshToken);
    return { status: 200, body: tokens };
  },

  // The server's scopes: `local` (the default) the refresh token's sign-in, `others` all but the access
  // token's, `global` all of them.
  logout: ({ state, account, sessionId, body, query }) => {
    const scope = query?.scope ?? 'local';
    // Cookie mode without the cookie: no refresh token names a sign-in to end.
    if (scope === 'local') {
      if (body.refreshToken !== undefined) state.sessions.revokeOwnedFamily(body.refreshToken, account.me.id);
    } else state.sessions.endSignInsOf(account.me.id, scope === 'others' ? sessionId : undefined);
    return { status: 204 };
  },

  listSessions: ({ state, account, sessionId }) => ({
    status: 200,
    body: { items: state.sessions.listSignIns(account.me.id, sessionId) },
  }),

  // The same 404 for another person's sign-in, an ended one and an unknown id, as on the server.
  endSession: ({ state, account, params }) => {
    if (!state.sessions.endSignIn(account.me.id, params.sessionId)) throw problems.noSuchResource();
    return { status: 204 };
  },
};
