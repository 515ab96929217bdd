// A benchmark's sandbox in a process of its own, holding a generated fleet or a given state: in production the vendors are
// remote, so the engine's process should not also pay for simulating them. Started by bench/harness.ts
// (fork, over IPC): its first message is what to hold (`{ fleet }`, fleetScenario's options, or `{ state }`);
// it answers with its ports and stops when the bench disconnects.
import { startSandbox } from '../sandbox';
import { fleetScenario } from '../sandbox/scenarios';
import type { OwnProcessSandbox } from './harness';

async function main() {
  const holding = await new Promise<OwnProcessSandbox['ownProcess']>((resolve) =>
    process.once('message', (m) => resolve(m as OwnProcessSandbox['ownProcess'])),
  );
  const running = await startSandbox({ host: '127.0.0.1', httpPort: 0, smtpPort: 0, scenario: 'empty' });
  running.sandbox.state = 'fleet' in holding ? fleetScenario(holding.fleet) : holding.state;
  process.once('disconnect', () => void running.close().then(() => process.exit(0)));
  process.send!({ httpPort: running.httpPort, smtpPort: running.smtpPort });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
