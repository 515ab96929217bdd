// `npm run sandbox`: the vendor sandbox on its own.
import { loadConfigOrExit } from '../config';
import { startSandbox } from '.';
import { exitStopped, onStopSignals } from '../workers/stop-signals';

async function main() {
  const { sandbox: cfg } = loadConfigOrExit();
  const running = await startSandbox({
    host: cfg.host,
    httpPort: cfg.httpPort,
    smtpPort: cfg.smtpPort,
    scenario: cfg.scenario,
  });
  console.log(
    `sandbox: http://${cfg.host}:${running.httpPort} (control API /_sandbox), smtp ${cfg.host}:${running.smtpPort}, scenario ${cfg.scenario}`,
  );
  onStopSignals(() => void running.close().then(exitStopped));
}
void main();
