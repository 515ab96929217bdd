import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTION_KEY_ID, PayloadDecryptionError } from '../../../codec/aes-gcm-codec';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('AES-GCM payload codec', () => {
  const phone = '+12125550123';
  const payload = defaultPayloadConverter.toPayload({ to: phone, body: 'Tech on site' });

  it('encrypts so the plaintext is gone, and decrypts back to the same payload', async () => {
    const codec = new AesGcmPayloadCodec(key('k1'));
    const [encoded] = await codec.encode([payload]);
    expect(Buffer.from(encoded.data!).toString('latin1')).not.toContain(phone);
    expect(Buffer.from(encoded.metadata![ENCRYPTION_KEY_ID]).toString()).toBe('k1');
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ to: phone, body: 'Tech on site' });
  });

  it('still decrypts history written under an old key after rotation', async () => {
    const old = key('2026-01');
    const [written] = await new AesGcmPayloadCodec(old).encode([payload]);
    const rotated = new AesGcmPayloadCodec(key('2026-11'), [old]);
    const [decoded] = await rotated.decode([written]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ to: phone, body: 'Tech on site' });
    const [rewritten] = await rotated.encode([payload]);
    expect(Buffer.from(rewritten.metadata![ENCRYPTION_KEY_ID]).toString()).toBe('2026-11');
  });

  it('refuses an unknown key id and a tampered payload, naming the problem', async () => {
    const [written] = await new AesGcmPayloadCodec(key('gone')).encode([payload]);
    await expect(new AesGcmPayloadCodec(key('other')).decode([written])).rejects.toThrow(
      /no payload key with id "gone"/,
    );
    const k = key('k');
    const codec = new AesGcmPayloadCodec(k);
    const [enc] = await codec.encode([payload]);
    const data = Buffer.from(enc.data!);
    data[20] ^= 0xff;
    await expect(codec.decode([{ ...enc, data }])).rejects.toBeInstanceOf(PayloadDecryptionError);
    // Another engine's key under the same ID (a dev key is per data directory): the error says where keys come from.
    const elsewhere = new AesGcmPayloadCodec({ id: 'dev-local', key: randomBytes(32) });
    const [theirs] = await new AesGcmPayloadCodec({ id: 'dev-local', key: randomBytes(32) }).encode([payload]);
    await expect(elsewhere.decode([theirs])).rejects.toThrow(
      /failed authentication under key "dev-local": .*not the one that encrypted it \(PAYLOAD_KEY; .*\.data\/payload-key\.json/,
    );
  });

  it('passes unencrypted payloads through on decode', async () => {
    const [same] = await new AesGcmPayloadCodec(key('k')).decode([payload]);
    expect(same).toBe(payload);
  });

  it('rejects a key of the wrong size', () => {
    expect(() => new AesGcmPayloadCodec({ id: 'short', key: randomBytes(16) })).toThrow(/32 bytes/);
  });
});
