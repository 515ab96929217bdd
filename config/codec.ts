import { z } from 'zod';
import { csv, port } from './parse';

const key = z
  .string()
  .refine((s) => Buffer.from(s, 'base64').length === 32, 'expected 32 bytes, base64-encoded (openssl rand -base64 32)');
const keyId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 characters of [A-Za-z0-9._-]');

/** Payload encryption keys and the codec server the Web UI decodes through. */
export const codecEnv = z
  .object({
    PAYLOAD_KEY_ID: keyId.optional(),
    PAYLOAD_KEY: key.optional(),
    PAYLOAD_OLD_KEYS: csv
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9._-]{1,64}:.+$/, 'expected keyId:base64key')))
      .default([])
      .transform((entries) =>
        entries.map((e) => {
          const i = e.indexOf(':');
          return { id: e.slice(0, i), key: e.slice(i + 1) };
        }),
      )
      .refine(
        (keys) => keys.every((k) => Buffer.from(k.key, 'base64').length === 32),
        'every old key must be 32 bytes, base64-encoded',
      ),
    CODEC_SERVER_PORT: port(8888),
    /** Where the codec server listens: loopback unless told (it decrypts for whoever reaches it). */
    CODEC_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
    CODEC_SERVER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    CODEC_CORS_ORIGINS: csv.default(['http://localhost:8233', 'http://127.0.0.1:8233']),
  })
  .refine((env) => (env.PAYLOAD_KEY === undefined) === (env.PAYLOAD_KEY_ID === undefined), {
    message: 'PAYLOAD_KEY and PAYLOAD_KEY_ID are set together',
    path: ['PAYLOAD_KEY'],
  })
  .refine((env) => isLoopback(env.CODEC_SERVER_HOST) || env.CODEC_SERVER_TOKEN !== undefined, {
    message:
      'required when CODEC_SERVER_HOST is not loopback: the codec server decrypts payloads for anyone who reaches it',
    path: ['CODEC_SERVER_TOKEN'],
  });

/** Whether a listen address only accepts connections from this machine. */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);

export interface KeyMaterial {
  id: string;
  key: Buffer;
}

export function codecConfig(env: z.infer<typeof codecEnv>) {
  return {
    /** Undefined in development when unset: the engine then uses a key generated under .data/. */
    currentKey:
      env.PAYLOAD_KEY && env.PAYLOAD_KEY_ID
        ? { id: env.PAYLOAD_KEY_ID, key: Buffer.from(env.PAYLOAD_KEY, 'base64') }
        : undefined,
    oldKeys: env.PAYLOAD_OLD_KEYS.map((k) => ({ id: k.id, key: Buffer.from(k.key, 'base64') })),
    serverPort: env.CODEC_SERVER_PORT,
    serverHost: env.CODEC_SERVER_HOST,
    serverToken: env.CODEC_SERVER_TOKEN,
    corsOrigins: env.CODEC_CORS_ORIGINS,
  };
}
export type CodecConfig = ReturnType<typeof codecConfig>;
