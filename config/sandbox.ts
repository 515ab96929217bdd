import { z } from 'zod';
import { port } from './parse';

/** The local vendor sandbox (HTTP simulators + SMTP server). */
export const sandboxEnv = z.object({
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_HTTP_PORT: port(4010),
  SANDBOX_SMTP_PORT: port(2525),
  SANDBOX_SCENARIO: z.string().min(1).default('demo'),
});

export function sandboxConfig(env: z.infer<typeof sandboxEnv>) {
  return {
    host: env.SANDBOX_HOST,
    httpPort: env.SANDBOX_HTTP_PORT,
    smtpPort: env.SANDBOX_SMTP_PORT,
    scenario: env.SANDBOX_SCENARIO,
    /** Base URL of one vendor's simulator. */
    vendorUrl: (vendor: string) => `http://${env.SANDBOX_HOST}:${env.SANDBOX_HTTP_PORT}/${vendor}`,
  };
}
export type SandboxConfig = ReturnType<typeof sandboxConfig>;
