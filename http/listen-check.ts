import { createServer } from 'node:net';

/** Why this process could not listen on host:port right now (another process holds it, say), if it could not. */
export function listenProblem(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code === 'EADDRINUSE' ? 'is in use by another process' : `cannot be listened on (${err.code})`),
    );
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}
