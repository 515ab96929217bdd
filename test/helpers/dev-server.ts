import { join } from 'node:path';
import { startDevServer, type RunningDevServer } from '../../temporal-config/dev-server';
import { freePort, tempDir } from './env';

/** A headless Temporal CLI dev server on a free port with its own SQLite file. */
export async function startTestDevServer(): Promise<RunningDevServer & { dbFile: string; port: number }> {
  const dir = tempDir('devserver');
  const port = await freePort();
  const dbFile = join(dir, 'temporal.sqlite');
  const server = await startDevServer({
    port,
    uiPort: 0,
    dbFile,
    namespace: 'default',
    headless: true,
    logFile: join(dir, 'server.log'),
  });
  return { ...server, dbFile, port };
}
