import net from 'node:net';

/**
 * A TCP proxy on loopback in front of a real server, which a test can cut and restore to simulate the
 * database going away and coming back. Two ways of going away:
 * - `cut()`: the server stopped; every open connection is closed and new ones are refused at once.
 * - `blackhole()`: the network drops packets (a firewall rule, a partition); connections stay open and new
 *   ones are accepted, but nothing gets through in either direction, so a client only learns from its own
 *   timeouts.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  let dropping = false;

  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  // Reads and discards: the sender sees its writes succeed, as it would before a silent drop.
  const swallow = (s: net.Socket) => {
    s.unpipe();
    s.removeAllListeners('data');
    s.on('data', () => {});
    s.resume();
  };

  const open = () =>
    new Promise<void>((resolve, reject) => {
      const listener = net.createServer((client) => {
        track(client);
        client.on('error', () => client.destroy());
        if (dropping) {
          swallow(client);
          return;
        }
        const upstream = net.connect(target.port, target.host);
        track(upstream);
        for (const s of [client, upstream]) {
          s.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server = listener;
      listener.once('error', reject);
      listener.listen(port, '127.0.0.1', () => {
        port = (listener.address() as net.AddressInfo).port;
        resolve();
      });
    });

  const destroyAll = () => {
    for (const s of sockets) s.destroy();
  };

  await open();
  return {
    get port() {
      return port;
    },
    /** Drops every connection and stops listening: the database "is down". */
    cut: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        const listening = server;
        server = undefined;
        if (listening) listening.close(() => resolve());
        else resolve();
      }),
    /** Lets nothing through any more, without closing or refusing anything: the network "drops packets". */
    blackhole: () => {
      dropping = true;
      for (const s of sockets) swallow(s);
    },
    /**
     * The database "is back": listens again if it was cut. Connections held in a black hole are closed, as
     * a long partition leaves them dead on both ends.
     */
    restore: async () => {
      if (dropping) destroyAll();
      dropping = false;
      if (!server) await open();
    },
  };
}
