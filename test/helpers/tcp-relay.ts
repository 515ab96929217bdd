import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './env';

/**
 * A TCP relay in front of a server (the test PostgreSQL) that can be down (nothing listens), up, or cut (every connection
 * dropped, as a PostgreSQL restart or a proxy's idle timeout does).
 */
export async function tcpRelay(target: URL) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  return {
    url: Object.assign(new URL(target.href), { port: String(port) }).href,
    up: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(Number(target.port || 5432), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('error', () => undefined);
            s.on('close', () => sockets.delete(s));
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, '127.0.0.1', resolve);
      }),
    cut: () => sockets.forEach((s) => s.destroy()),
    down: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        if (server) server.close(() => resolve());
        else resolve();
      }),
  };
}
