import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { gitBuildId } from './build-id';
import { MAX_REPLICAS } from '../temporal-config/replicas';
import { bool, port } from './parse';

const pemFile = z.string().refine(existsSync, 'no such file (expected a PEM file path)');

/** Where the Temporal server is and how the embedded dev server runs. */
export const temporalEnv = z
  .object({
    APP_ENV: z.enum(['development', 'production', 'test']).default('development'),
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^:\s]+:\d+$/, 'expected host:port')
      .default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    /**
     * How long a worker, the portal or the search-attribute setup, started while Temporal does not answer, keeps trying before it exits 1
     * (0: exit at once). The CLIs never wait.
     */
    TEMPORAL_CONNECT_WAIT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    TEMPORAL_UI_PORT: port(8233),
    TEMPORAL_DB_FILE: z.string().min(1).default('.data/temporal.sqlite'),
    /** What `npm start` runs Temporal on: the CLI dev server (one process, SQLite) or a cluster on PostgreSQL. */
    TEMPORAL_ENGINE: z.enum(['dev', 'cluster']).default('dev'),
    /** The cluster engine's PostgreSQL; unset runs one under .data/cluster (Debian's postgresql package). */
    TEMPORAL_DB_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
      .optional(),
    /** Port of the PostgreSQL the cluster engine runs itself (beside a system one on 5432). */
    TEMPORAL_DB_PORT: port(5433),
    /** The cluster's history shards: fixed for the life of its database. */
    TEMPORAL_HISTORY_SHARDS: z.coerce.number().int().min(1).max(16_384).default(8),
    /**
     * Processes per Temporal service on the cluster engine: above 1, each on a loopback address of its own, with
     * HAProxy on TEMPORAL_ADDRESS balancing the frontends (docs/operations/cluster-and-production.md).
     */
    TEMPORAL_REPLICAS: z.coerce.number().int().min(1).max(MAX_REPLICAS).default(1),
    /**
     * Connecting to a Temporal that wants TLS (a self-hosted cluster with mTLS, or Temporal Cloud): the
     * client certificate and key (mTLS), a CA for a private server certificate, the name to verify, and a
     * Cloud API key (implies TLS). The Temporal CLI reads the same variables, so `npm run temporal` follows.
     */
    TEMPORAL_TLS_CERT: pemFile.optional(),
    TEMPORAL_TLS_KEY: pemFile.optional(),
    TEMPORAL_TLS_CA: pemFile.optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    TEMPORAL_API_KEY: z.string().min(20, 'too short for a Temporal API key').optional(),
    /**
     * Worker Versioning (docs/operations/deploying.md): every worker polls as one version (BUILD_ID) of one
     * deployment, pinned workflows finish on the build they started on, and `npm run deploy` moves new work.
     */
    WORKER_VERSIONING: bool(true),
    WORKER_DEPLOYMENT_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'expected letters, digits, _ or - (a dot separates it from the build ID)')
      .default('automation-engine'),
    /** Default: the git commit, `-dirty` when tracked files have changes. */
    BUILD_ID: z
      .string()
      .regex(/^[A-Za-z0-9._+-]{1,100}$/, 'expected up to 100 letters, digits, ., _, + or -')
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.WORKER_VERSIONING && env.BUILD_ID === undefined && gitBuildId() === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['BUILD_ID'],
        message:
          'required outside a git checkout (the build ID defaults to the commit), or set WORKER_VERSIONING=false',
      });
    if ((env.TEMPORAL_TLS_CERT === undefined) !== (env.TEMPORAL_TLS_KEY === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'],
        message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (a client certificate and its key)',
      });
    if (env.TEMPORAL_REPLICAS > 1 && env.TEMPORAL_ENGINE !== 'cluster')
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_REPLICAS'],
        message: 'replicas are for the cluster engine: set TEMPORAL_ENGINE=cluster too (the dev server is one process)',
      });
    if (env.TEMPORAL_ENGINE === 'cluster' && (env.TEMPORAL_TLS_CERT || env.TEMPORAL_API_KEY))
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_ENGINE'],
        message:
          'the local cluster engine listens without TLS: unset TEMPORAL_TLS_* / TEMPORAL_API_KEY, or use TEMPORAL_ENGINE=dev with TEMPORAL_ADDRESS pointing at the remote one',
      });
  });

/** TLS for the connection, from the variables above: none, plain server-verified TLS, or mTLS. */
function tlsOf(env: z.infer<typeof temporalEnv>) {
  const wanted = env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_CA || env.TEMPORAL_TLS_SERVER_NAME || env.TEMPORAL_API_KEY;
  if (!wanted) return undefined;
  return {
    ...(env.TEMPORAL_TLS_CERT && env.TEMPORAL_TLS_KEY
      ? { clientCertPair: { crt: readFileSync(env.TEMPORAL_TLS_CERT), key: readFileSync(env.TEMPORAL_TLS_KEY) } }
      : {}),
    ...(env.TEMPORAL_TLS_CA ? { serverRootCACertificate: readFileSync(env.TEMPORAL_TLS_CA) } : {}),
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
}

export function temporalConfig(env: z.infer<typeof temporalEnv>) {
  return {
    appEnv: env.APP_ENV,
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    connectWaitMs: env.TEMPORAL_CONNECT_WAIT_SECONDS * 1000,
    uiPort: env.TEMPORAL_UI_PORT,
    dbFile: env.TEMPORAL_DB_FILE,
    engine: env.TEMPORAL_ENGINE,
    /** What every client and worker connection is given (besides the address). */
    connection: { tls: tlsOf(env), apiKey: env.TEMPORAL_API_KEY },
    /** The worker version every pool of this process polls as; undefined with WORKER_VERSIONING=false. */
    deployment: env.WORKER_VERSIONING
      ? { deploymentName: env.WORKER_DEPLOYMENT_NAME, buildId: env.BUILD_ID ?? (gitBuildId() as string) }
      : undefined,
    cluster: {
      dbUrl: env.TEMPORAL_DB_URL,
      dbPort: env.TEMPORAL_DB_PORT,
      historyShards: env.TEMPORAL_HISTORY_SHARDS,
      replicas: env.TEMPORAL_REPLICAS,
    },
  };
}
