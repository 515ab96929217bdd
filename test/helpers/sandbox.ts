import { startSandbox, type RunningSandbox } from '../../sandbox';

/** A sandbox on free ports, plus a tiny client for its control API. */
export async function startTestSandbox(scenario = 'demo') {
  const running: RunningSandbox = await startSandbox({ host: '127.0.0.1', httpPort: 0, smtpPort: 0, scenario });
  const base = `http://127.0.0.1:${running.httpPort}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, headers: res.headers, json: await res.json() as Record<string, unknown> };
  };
  return { ...running, base, call, env: { SANDBOX_HTTP_PORT: String(running.httpPort), SANDBOX_SMTP_PORT: String(running.smtpPort) } };
}
export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
