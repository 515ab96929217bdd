import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../../../codec/aes-gcm-codec';
import { createCodecServer } from '../../../codec/server';

describe('codec server for the Web UI', () => {
  let server: Server;
  let base: string;
  const codec = new AesGcmPayloadCodec({ id: 'k1', key: randomBytes(32) });
  const token = 'a-long-enough-codec-token';
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

  beforeAll(async () => {
    server = createCodecServer({ codec, corsOrigins: ['http://localhost:8233'], token, maxBodyBytes: 64 * 1024 });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('decodes an encrypted payload for a caller with the token, with CORS for the UI origin', async () => {
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload({ to: '+12125550123' })]);
    const body = {
      payloads: [
        {
          metadata: Object.fromEntries(Object.entries(encrypted.metadata!).map(([k, v]) => [k, b64(v)])),
          data: b64(encrypted.data!),
        },
      ],
    };
    const res = await fetch(`${base}/decode`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        origin: 'http://localhost:8233',
        'content-type': 'application/json',
        'x-namespace': 'default',
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    const { payloads } = (await res.json()) as { payloads: Array<{ data: string }> };
    expect(JSON.parse(Buffer.from(payloads[0].data, 'base64').toString())).toEqual({ to: '+12125550123' });
  });

  it('encodes, then decodes back', async () => {
    const plain = { metadata: { encoding: b64(Buffer.from('json/plain')) }, data: b64(Buffer.from('"hello"')) };
    const enc = (await (
      await fetch(`${base}/encode`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ payloads: [plain] }),
      })
    ).json()) as { payloads: unknown[] };
    const dec = (await (
      await fetch(`${base}/decode`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify(enc),
      })
    ).json()) as { payloads: unknown[] };
    expect(dec.payloads).toEqual([plain]);
  });

  it('answers preflight for the UI origin only', async () => {
    const ok = await fetch(`${base}/decode`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8233' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(
      (await fetch(`${base}/decode`, { method: 'OPTIONS', headers: { origin: 'http://evil.example' } })).status,
    ).toBe(403);
  });

  it('refuses a missing or wrong token, a bad body and an undecryptable payload with the reason', async () => {
    expect((await fetch(`${base}/decode`, { method: 'POST', body: '{"payloads":[]}' })).status).toBe(401);
    expect(
      (
        await fetch(`${base}/decode`, {
          method: 'POST',
          headers: { authorization: 'Bearer wrong-token-of-some-length' },
          body: '{"payloads":[]}',
        })
      ).status,
    ).toBe(401);
    const auth = { authorization: `Bearer ${token}` };
    const notJson = await fetch(`${base}/decode`, { method: 'POST', headers: auth, body: 'nope' });
    expect([notJson.status, await notJson.json()]).toEqual([400, { error: 'body is not JSON' }]);
    // What `temporal workflow query --codec-endpoint` sends for a query without arguments: no payloads, no error.
    const empty = await fetch(`${base}/decode`, { method: 'POST', headers: auth, body: '{}' });
    expect([empty.status, await empty.json()]).toEqual([200, { payloads: [] }]);
    // Malformed payloads: a 400 naming the field, never a 500 with internal text, never a silent 200.
    const refused: Array<[string, RegExp]> = [
      ['{"payloads":[null]}', /^payloads\[0\]: .*expected object/i],
      ['{"payloads":[1]}', /^payloads\[0\]: /],
      ['{"payloads":[{"metadata":{"encoding":5}}]}', /^payloads\[0\]\.metadata\.encoding: /],
      ['{"payloads":[{"data":"not base64!"}]}', /^payloads\[0\]\.data: must be base64/],
      ['{"payloads":"x"}', /^payloads: /],
      ['[1]', /^\(body\): /],
    ];
    for (const [body, reason] of refused) {
      const bad = await fetch(`${base}/decode`, { method: 'POST', headers: auth, body });
      const answer = (await bad.json()) as { error: string };
      expect([body, bad.status, answer.error]).toEqual([body, 400, expect.stringMatching(reason)]);
    }
    const foreign = {
      payloads: [
        {
          metadata: { encoding: b64(Buffer.from('binary/encrypted')), 'encryption-key-id': b64(Buffer.from('other')) },
          data: b64(randomBytes(40)),
        },
      ],
    };
    const res = await fetch(`${base}/decode`, { method: 'POST', headers: auth, body: JSON.stringify(foreign) });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/no payload key with id "other"/);
    const huge = await fetch(`${base}/decode`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ payloads: [], pad: 'x'.repeat(70 * 1024) }),
    });
    expect([huge.status, await huge.json()]).toEqual([413, { error: 'body larger than 65536 bytes' }]);
    expect(huge.headers.get('connection')).toBe('close');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/other`, { method: 'POST', headers: auth })).status).toBe(404);
  });

  it('signs the Web UI in at /login: a session cookie (HttpOnly, SameSite=Strict, no token in it) decodes; a wrong token, an expired or forged cookie do not', async () => {
    const encrypted = await codec.encode([defaultPayloadConverter.toPayload('555-0100')]);
    const body = JSON.stringify({
      payloads: encrypted.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, b64(v)])),
        data: b64(p.data!),
      })),
    });
    const decode = (cookie?: string) =>
      fetch(`${base}/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:8233', ...(cookie ? { cookie } : {}) },
        body,
      });
    expect((await decode()).status).toBe(401);

    const form = await fetch(`${base}/login`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<input type="password" name="token"');
    const login = (given: string) =>
      fetch(`${base}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: given }).toString(),
      });
    const wrong = await login('not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const ok = await login(token);
    expect(ok.status).toBe(200);
    const setCookie = ok.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^codec_session=\d+\.[\w-]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    expect(setCookie).not.toContain(token);
    const cookie = setCookie.split(';')[0];
    const res = await decode(`theme=dark; ${cookie}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const { payloads } = (await res.json()) as { payloads: Array<{ data: string }> };
    expect(Buffer.from(payloads[0].data, 'base64').toString()).toBe('"555-0100"');

    const [, value] = cookie.split('=');
    const [expiry, mac] = value.split('.');
    expect((await decode(`codec_session=${Number(expiry) + 1}.${mac}`)).status).toBe(401); // expiry moved
    expect((await decode(`codec_session=${Date.now() - 1000}.${mac}`)).status).toBe(401); // lapsed
    // A server with another token (a rotation) does not take the old session.
    const rotated = createCodecServer({ codec, corsOrigins: [], token: 'the-rotated-codec-token' });
    await new Promise<void>((r) => rotated.listen(0, '127.0.0.1', r));
    const rotatedRes = await fetch(`http://127.0.0.1:${(rotated.address() as AddressInfo).port}/decode`, {
      method: 'POST',
      headers: { cookie },
      body,
    });
    expect(rotatedRes.status).toBe(401);
    await new Promise((r) => rotated.close(r));
    const logout = await fetch(`${base}/logout`, { method: 'POST' });
    expect(logout.headers.get('set-cookie')).toMatch(/^codec_session=; .*Max-Age=0$/);
  });
});
