import type { Config } from '@portal/server';
import { accessTokenSettings } from '@portal/server/internals';
import type jwt from 'jsonwebtoken';

/**
 * What a hand-written service verifies the server's access tokens with: the verifying half of the
 * server's current key (the public key, or the HMAC secret) and its pinned algorithm, issuer and audience,
 * taken from the server's configuration as the server takes them.
 */
export function serverVerifyingKey(config: Config) {
  const settings = accessTokenSettings(config);
  const { current } = settings.keys.get();
  const options: jwt.VerifyOptions = {
    algorithms: [current.alg],
    issuer: settings.issuer,
    audience: settings.audience,
  };
  return { key: current.verifyingKey, options };
}
