import type { Schemas } from '@portal/contract';
import { describe, expect, it } from 'vitest';
import { readJson } from '../call-operation.js';
import { signInByMail } from '../sign-in.js';
import { expectProblem } from './expect-problem.js';
import type { SuiteContext } from './suite-context.js';

const ACCESS_REFUSED = {
  status: 401,
  detail: 'The access token is invalid or has expired.',
  instance: '/api/v1/portal/me',
  headers: { 'www-authenticate': 'Bearer realm="portal", error="invalid_token"' },
};
const TOKEN_REFUSED = {
  status: 401,
  detail: 'The token is invalid or has expired.',
  code: 'session_ended' as const,
  instance: '/api/v1/portal/auth/refresh',
};
// The default cap of live sign-ins per person, on the server (SESSION_MAX_PER_USER) and the mocks.
const SESSION_MAX_PER_USER = 20;

/**
 * The devices rules: a person lists their live sign-ins, ends one by id (another person's id is the 404 of
 * an unknown one), signs out the others or everywhere, and an ended sign-in's tokens are refused at once.
 */
export function describeDevices({ backend, call }: SuiteContext): void {
  const signIn = (email: string) => signInByMail(backend(), email);
  const accounts = () => backend().accounts;
  const list = async (tokens: Schemas['AuthTokens']) =>
    (await readJson(await call('listSessions', { accessToken: tokens.accessToken }), 'listSessions', 200))
      .items;
  const currentId = async (tokens: Schemas['AuthTokens']) =>
    (await list(tokens)).find((s) => s.current)?.id as string;
  const expectEnded = async (tokens: Schemas['AuthTokens']) => {
    await expectProblem(await call('getMe', { accessToken: tokens.accessToken }), ACCESS_REFUSED);
    await expectProblem(
      await call('refreshSession', { body: { refreshToken: tokens.refreshToken } }),
      TOKEN_REFUSED,
    );
  };
  const expectLive = async (tokens: Schemas['AuthTokens']) =>
    expect((await call('getMe', { accessToken: tokens.accessToken })).status).toBe(200);

  describe('devices', () => {
    it('lists the live sign-ins, most recently used first, the current one marked once', async () => {
      const older = await signIn(accounts().grace);
      const newer = await signIn(accounts().grace);
      const items = await list(older);
      expect(items.filter((s) => s.current)).toHaveLength(1);
      const ids = items.map((s) => s.id);
      expect(ids.indexOf(await currentId(newer))).toBeLessThan(ids.indexOf(await currentId(older)));
      for (const s of items) expect(Date.parse(s.expiresAt)).toBeGreaterThan(Date.parse(s.lastUsedAt));
    });

    it('ends another sign-in by id: its tokens are refused at once, this one goes on', async () => {
      const here = await signIn(accounts().grace);
      const there = await signIn(accounts().grace);
      const thereId = await currentId(there);
      expect(
        (await call('endSession', { path: { sessionId: thereId }, accessToken: here.accessToken })).status,
      ).toBe(204);
      await expectEnded(there);
      await expectLive(here);
      expect((await list(here)).map((s) => s.id)).not.toContain(thereId);
    });

    it("answers another person's id, an ended one and an unknown one with the same 404", async () => {
      const mine = await signIn(accounts().grace);
      const theirs = await signIn(accounts().charles);
      const theirId = await currentId(theirs);
      const unknownId = '00000000-0000-4000-8000-0000000000aa';
      for (const sessionId of [theirId, unknownId]) {
        const res = await call('endSession', { path: { sessionId }, accessToken: mine.accessToken });
        await expectProblem(res, {
          status: 404,
          detail: 'No such resource.',
          instance: `/api/v1/portal/sessions/${sessionId}`,
        });
      }
      await expectLive(theirs);
      expect((await list(mine)).map((s) => s.id)).not.toContain(theirId);
    });

    it('logout with scope=others ends every other sign-in; scope=global ends this one too', async () => {
      const a = await signIn(accounts().grace);
      const b = await signIn(accounts().grace);
      const c = await signIn(accounts().grace);
      const logout = (tokens: Schemas['AuthTokens'], scope: 'others' | 'global') =>
        call('logout', {
          query: { scope },
          body: { refreshToken: tokens.refreshToken },
          accessToken: tokens.accessToken,
        });
      expect((await logout(c, 'others')).status).toBe(204);
      await expectEnded(a);
      await expectEnded(b);
      await expectLive(c);
      expect(await list(c)).toHaveLength(1);
      const d = await signIn(accounts().grace);
      expect((await logout(d, 'global')).status).toBe(204);
      await expectEnded(c);
      await expectEnded(d);
    });

    it('a sign-in beyond the cap ends the least recently used one', async () => {
      const first = await signIn(accounts().charles);
      const rest = [];
      for (let i = 0; i < SESSION_MAX_PER_USER; i++) rest.push(await signIn(accounts().charles));
      await expectEnded(first);
      const items = await list(rest[rest.length - 1] as Schemas['AuthTokens']);
      expect(items).toHaveLength(SESSION_MAX_PER_USER);
    });
  });
}
