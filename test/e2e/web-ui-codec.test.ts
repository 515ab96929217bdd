import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { AesGcmPayloadCodec } from '../../codec/aes-gcm-codec';
import { resolvePayloadKeys } from '../../codec/keys';
import { createCodecServer } from '../../codec/server';
import { connectClient } from '../../temporal-config/client';
import { startTestDevServer, type TestTemporal } from '../helpers/dev-server';
import { freePort, testConfig } from '../helpers/env';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'e2e-codec-token-long-enough';
const PHONE = '+12125550199';

/**
 * The real Temporal Web UI (the dev server's, or the UI server beside the cluster engine) in a real browser, decoding through a codec server that
 * demands a token: without a session the UI shows no decrypted payload; after the operator signs the
 * browser in at the codec server's /login and turns on "Include cross-origin credentials", it does.
 */
(existsSync(CHROMIUM) ? describe : describe.skip)(
  'end to end: the Web UI decodes through a token-protected codec server',
  () => {
    let server: TestTemporal;
    let codecServer: Server;
    let browser: Browser;
    let uiUrl: string;
    let codecUrl: string;
    const workflowId = 'ui-codec/NOTICE-1';

    beforeAll(async () => {
      const config = testConfig();
      const codecPort = await freePort();
      codecUrl = `http://localhost:${codecPort}`;
      const uiPort = await freePort();
      uiUrl = `http://localhost:${uiPort}`;
      const keys = resolvePayloadKeys(config.codec);
      codecServer = createCodecServer({
        codec: new AesGcmPayloadCodec(keys.current, keys.old),
        corsOrigins: [uiUrl],
        token: TOKEN,
      });
      await new Promise<void>((r) => codecServer.listen(codecPort, '127.0.0.1', r));
      expect((codecServer.address() as AddressInfo).port).toBe(codecPort);
      server = await startTestDevServer({ ui: { port: uiPort, codecEndpoint: codecUrl } });
      const client = await connectClient(testConfig({ TEMPORAL_ADDRESS: server.address }));
      // No worker: the execution waits, and its input (encrypted by the engine's converter) is on the page.
      await client.workflow.start('opsNotice', {
        taskQueue: 'ui-codec-nobody-polls',
        workflowId,
        args: [{ noticeId: 'NOTICE-1', subject: 'x', text: 'x', smsTo: [PHONE] }],
      });
      await client.connection.close();
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((r) => codecServer?.close(r));
      await server?.stop();
    });

    it('shows the phone number only once the browser is signed in to the codec server', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      // The UI's own codec settings (kept in the browser): our endpoint, with cross-origin credentials.
      await page.goto(`${uiUrl}/namespaces/default/workflows`);
      await page.evaluate((endpoint) => {
        const { localStorage } = globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } };
        localStorage.setItem('endpoint', JSON.stringify(endpoint));
        localStorage.setItem('includeCredentials', 'true');
        localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
      }, codecUrl);
      const workflowPage = `${uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`;
      const decodeAnswers: number[] = [];
      page.on('response', (r) => {
        if (r.url().startsWith(`${codecUrl}/decode`)) decodeAnswers.push(r.status());
      });

      // The page asks the codec server as it renders the history: wait for that answer, not for a fixed time (4 s was
      // too short for the UI under CI's load).
      const firstDecode = page.waitForResponse((r) => r.url().startsWith(`${codecUrl}/decode`), { timeout: 60_000 });
      await page.goto(workflowPage);
      await firstDecode;
      expect(decodeAnswers).toContain(401);
      expect(await page.content()).not.toContain(PHONE);

      // The operator signs this browser in with the token (the form at /login).
      await page.goto(`${codecUrl}/login`);
      await page.fill('input[name="token"]', TOKEN);
      await page.click('button[type="submit"]');
      await page.getByText('Signed in for 12 hours').waitFor();

      decodeAnswers.length = 0;
      await page.goto(workflowPage);
      await page.getByText(PHONE).first().waitFor({ timeout: 30_000 });
      expect(decodeAnswers).toContain(200);
      await context.close();
    }, 120_000);
  },
);
