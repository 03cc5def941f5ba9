import { PortalApiError, type paths, type RawClient } from '@portal/client';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/**
 * The raw client, with any non-2xx answer thrown as the SDK's `PortalApiError` (status, detail, field errors,
 * response) instead of the bare problem body openapi-react-query would throw: the hooks' errors are the SDK's.
 */
export function throwingPortalApiErrors(raw: RawClient<paths>): RawClient<paths> {
  const wrapped: Record<string, unknown> = { ...raw };
  for (const method of METHODS) {
    const call = raw[method] as (...args: unknown[]) => Promise<{ response: Response; error?: unknown }>;
    wrapped[method] = async (...args: unknown[]) => {
      const result = await call(...args);
      if (!result.response.ok) throw new PortalApiError(result.response, result.error);
      return result;
    };
  }
  return wrapped as unknown as RawClient<paths>;
}
