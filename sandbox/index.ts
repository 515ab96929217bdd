import type { Server } from 'node:http';
import type { SMTPServer } from 'smtp-server';
import { createSandboxHttpServer } from './http-server';
import { Sandbox } from './sandbox';
import { createSandboxSmtpServer } from './smtp';

export { Sandbox } from './sandbox';

export interface RunningSandbox {
  sandbox: Sandbox;
  httpPort: number;
  smtpPort: number;
  close(): Promise<void>;
}

/** Starts the sandbox's HTTP simulators and SMTP server. Port 0 picks a free port (tests). */
export async function startSandbox(opts: {
  host: string;
  httpPort: number;
  smtpPort: number;
  scenario: string;
}): Promise<RunningSandbox> {
  const sandbox = new Sandbox(opts.scenario);
  const http = createSandboxHttpServer(sandbox);
  // Longer than clients' idle reuse window, so a reused keep-alive socket is never closed under it.
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const smtp = createSandboxSmtpServer(sandbox);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.httpPort, opts.host, resolve);
  });
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(opts.smtpPort, opts.host, resolve);
  });
  const port = (s: Server | SMTPServer['server']) => {
    const a = s.address();
    return typeof a === 'object' && a ? a.port : 0;
  };
  return {
    sandbox,
    httpPort: port(http),
    smtpPort: port(smtp.server),
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
