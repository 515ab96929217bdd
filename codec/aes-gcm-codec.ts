import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const ENCRYPTION_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyMaterial {
  id: string;
  key: Buffer;
}

/** Raised when a payload names a key this process does not hold, or fails authentication. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

/**
 * Encrypts every payload with AES-256-GCM under the current key, tagging it with the key id; decrypts
 * with whichever known key (current or old) the payload names, so keys can be rotated without
 * losing history.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly current: KeyMaterial,
    oldKeys: KeyMaterial[] = [],
  ) {
    for (const k of [current, ...oldKeys]) {
      if (k.key.length !== 32) throw new Error(`payload key ${k.id} must be 32 bytes`);
    }
    this.keys = new Map([...oldKeys, current].map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
          [ENCRYPTION_KEY_ID]: Buffer.from(this.current.id),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
      const keyIdBytes = payload.metadata?.[ENCRYPTION_KEY_ID];
      const keyId = keyIdBytes ? Buffer.from(keyIdBytes).toString() : '';
      const key = this.keys.get(keyId);
      if (!key)
        throw new PayloadDecryptionError(
          `no payload key with id "${keyId}" is configured (PAYLOAD_KEY_ID / PAYLOAD_OLD_KEYS)`,
        );
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new PayloadDecryptionError(
          `encrypted payload failed authentication under key "${keyId}": it was altered, or the key configured ` +
            'under that ID is not the one that encrypted it (PAYLOAD_KEY; in development each data directory has its own, ' +
            ".data/payload-key.json, so another clone cannot read this engine's payloads)",
        );
      }
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
