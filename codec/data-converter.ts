import type { DataConverter } from '@temporalio/common';
import type { CodecConfig } from '../config/codec';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { resolvePayloadKeys } from './keys';

/**
 * The one data converter every client and worker uses: payloads encrypted, and failure messages
 * and stack traces moved into encoded attributes so PII in an error never reaches the server.
 */
export function createDataConverter(codec: CodecConfig, devKeyFile?: string): DataConverter {
  const keys = resolvePayloadKeys(codec, devKeyFile);
  return {
    payloadCodecs: [new AesGcmPayloadCodec(keys.current, keys.old)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
