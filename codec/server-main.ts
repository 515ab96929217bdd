// `npm run codec-server`: the codec server alone (production topology: beside the Temporal UI).
import { loadConfigOrExit } from '../config';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { resolvePayloadKeys } from './keys';
import { createCodecServer } from './server';
import { exitStopped, onStopSignals } from '../workers/stop-signals';

const config = loadConfigOrExit();
const keys = resolvePayloadKeys(config.codec);
const server = createCodecServer({
  codec: new AesGcmPayloadCodec(keys.current, keys.old),
  corsOrigins: config.codec.corsOrigins,
  token: config.codec.serverToken,
});
server.listen(config.codec.serverPort, config.codec.serverHost, () => {
  console.log(
    `codec server on ${config.codec.serverHost}:${config.codec.serverPort} (CORS: ${config.codec.corsOrigins.join(', ')}; token ${config.codec.serverToken ? 'required' : 'not required'})`,
  );
});
onStopSignals(() => server.close(exitStopped));
