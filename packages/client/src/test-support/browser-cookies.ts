/**
 * The cookie jar of a browser whose tabs share it, as a `fetch` for the client: it sends the cookies whose path
 * matches only when the request's `credentials` allow them (the API is on another origin: `include`), and keeps
 * what `Set-Cookie` says, `HttpOnly` ones included (script never sees them; here the test can look).
 */
export class BrowserCookies {
  readonly jar = new Map<string, { value: string; path: string }>();

  readonly fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const cookies = [...this.jar]
      .filter(([, cookie]) => path.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`);
    if (request.credentials === 'include' && cookies.length > 0) {
      request.headers.set('cookie', cookies.join('; '));
    }
    const response = await globalThis.fetch(request);
    for (const line of response.headers.getSetCookie()) this.store(line);
    return response;
  };

  private store(line: string): void {
    const [pair = '', ...attributes] = line.split(/;\s*/);
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    const attribute = (key: string) =>
      attributes.find((a) => a.toLowerCase().startsWith(`${key.toLowerCase()}=`))?.split('=')[1];
    if (attribute('Max-Age') === '0') this.jar.delete(name);
    else this.jar.set(name, { value, path: attribute('Path') ?? '/' });
  }
}
