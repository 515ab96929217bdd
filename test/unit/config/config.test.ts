import { portalProductionProblems } from '../../../config/portal';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, PRODUCTION_RECIPIENTS, PRODUCTION_TOKENS, PRODUCTION_URLS } from '../../../config';
import { connectionOptions } from '../../../temporal-config/client';

const liveEndpoints = {
  BRUIN_API_URL: 'https://api.bruin.com',
  VELOCLOUD_URL_TEMPLATE: 'https://{host}',
  HAWKEYE_API_URL: 'https://hawkeye.example.com',
  DIGI_API_URL: 'https://digi.example.com',
  LIT_API_URL: 'https://lit.example.com',
  CTS_API_URL: 'https://cts.my.salesforce.com',
  T7_API_URL: 'https://t7.example.com',
  LUMIN_CUSTOMER_URI: 'https://api.lumin.ai/v1/customers/acme/billing',
  SMTP_HOST: 'smtp.example.com',
  SLACK_API_URL: 'https://slack.com/api/',
  TWILIO_API_URL: 'https://api.twilio.com',
  ...Object.fromEntries(PRODUCTION_TOKENS.map((t) => [t, `real-${t.toLowerCase()}`])),
  ...liveRecipients(),
};

/** Real-looking recipients for every variable production requires. */
function liveRecipients(): Record<string, string> {
  return {
    EMAIL_FROM: 'automation@mettel.net',
    LIT_CANCEL_EMAIL: 'dispatch@lit-field.com',
    CTS_CANCEL_EMAIL: 'cancel@cts-services.com',
    SA_EMAIL_TO: 'noc@mettel.net',
    ESCALATION_EMAIL_TO: 'noc-escalations@mettel.net',
    REPORT_RECIPIENTS: 'billing@mettel.net',
    SLACK_DEFAULT_CHANNEL: '#noc',
  };
}

/** The ConfigError loading this environment throws, or undefined when it loads. */
function configError(env: Record<string, string>): ConfigError | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
}

/** The secrets production requires before anything else. */
const productionSecrets = {
  PAYLOAD_KEY_ID: 'k',
  PAYLOAD_KEY: Buffer.alloc(32).toString('base64'),
  CODEC_SERVER_TOKEN: 'a-codec-token-of-some-length',
  DEVOPS_EVENTS_SECRET_TOKEN: 'a-devops-token-of-some-length',
};

const PORTAL_HASH = 'scrypt.16384.8.1.-BlFSEen6FgZwD16nkfXrg.0J_hA4-loXGhOM_hZuBo-fki5U1wLFHu6e2GrPXKWsk';
const portalProduction = {
  DISPATCH_PORTAL_ACCOUNTS: `dana:dispatcher:${PORTAL_HASH}`,
  DISPATCH_PORTAL_SESSION_SECRET: 'a-portal-session-secret-of-32-chars!',
};

describe('configuration', () => {
  it('loads defaults that point every channel at the local sandbox', () => {
    const config = loadConfig({});
    expect(config.temporal.address).toBe('127.0.0.1:7233');
    expect(config.notifier.sms.apiUrl).toBe('http://127.0.0.1:4010/twilio');
    expect(config.notifier.slack.apiUrl).toBe('http://127.0.0.1:4010/slack/api/');
    expect(config.notifier.email).toMatchObject({ host: '127.0.0.1', port: 2525, live: false });
    expect(config.queues.selected).toContain('orchestration');
    expect(config.queues.pools.lit.ratePerSecond).toBe(5);
    expect(config.store).toEqual({ kind: 'sqlite', file: '.data/app.sqlite', retentionDays: 400 });
  });

  it('binds the codec server and metrics to loopback unless told; beyond loopback the codec server needs its token', () => {
    const dev = loadConfig({});
    expect([dev.codec.serverHost, dev.observability.metricsHost]).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(() => loadConfig({ CODEC_SERVER_HOST: '0.0.0.0' })).toThrow(
      /CODEC_SERVER_TOKEN: required when CODEC_SERVER_HOST is not loopback/,
    );
    const open = loadConfig({
      CODEC_SERVER_HOST: '0.0.0.0',
      CODEC_SERVER_TOKEN: 'a-long-enough-codec-token',
      METRICS_HOST: '0.0.0.0',
    });
    expect([open.codec.serverHost, open.observability.metricsHost]).toEqual(['0.0.0.0', '0.0.0.0']);
  });

  it('lists every bad variable at once, with the reason, never the value', () => {
    const secret = 'not-a-real-slack-token-value';
    const error = configError({
      TEMPORAL_ADDRESS: 'no-port',
      SANDBOX_HTTP_PORT: '99999',
      WORKER_QUEUES: 'bruin,pizza',
      SLACK_BOT_TOKEN: secret,
      TWILIO_ACCOUNT_SID: 'XY123',
      DATABASE_URL: 'mysql://x',
      QUEUE_LIT_RATE_LIMIT: '-2',
    });
    expect(error).toBeInstanceOf(ConfigError);
    const vars = error!.problems.map((p) => p.split(':')[0]);
    expect(vars).toEqual(
      expect.arrayContaining([
        'TEMPORAL_ADDRESS',
        'SANDBOX_HTTP_PORT',
        'WORKER_QUEUES',
        'SLACK_BOT_TOKEN',
        'TWILIO_ACCOUNT_SID',
        'DATABASE_URL',
        'QUEUE_LIT_RATE_LIMIT',
      ]),
    );
    expect(error!.problems).toHaveLength(7);
    expect(error!.message).not.toContain(secret);
    expect(error!.message).toContain('WORKER_QUEUES: expected a comma-separated subset of');
  });

  it('triage: Slack-only outside production unless told, client list or "all", a real time zone', () => {
    expect(loadConfig({}).monitors.triage).toEqual({
      clientIds: 'all',
      notes: 'slack',
      timeZone: 'America/New_York',
      pageSize: 100,
      pagesPerRun: 4,
      concurrency: 10,
    });
    const key = { ...productionSecrets, ...liveEndpoints };
    expect(loadConfig({ APP_ENV: 'production', ...key }).monitors.triage.notes).toBe('append');
    expect(loadConfig({ APP_ENV: 'production', TRIAGE_NOTES: 'slack', ...key }).monitors.triage.notes).toBe('slack');
    expect(loadConfig({ TRIAGE_CLIENT_IDS: ' 9994, 7311 ', TRIAGE_NOTES: 'append' }).monitors.triage).toMatchObject({
      clientIds: ['9994', '7311'],
      notes: 'append',
    });
    const error = configError({
      TRIAGE_CLIENT_IDS: 'acme',
      TRIAGE_TIME_ZONE: 'Mars/Olympus',
      TRIAGE_NOTES: 'email',
      TRIAGE_PAGE_SIZE: '1000',
    });
    expect(error?.problems).toEqual([
      'TRIAGE_CLIENT_IDS: must be "all" or a comma-separated list of Bruin client IDs',
      expect.stringMatching(/^TRIAGE_NOTES: /),
      'TRIAGE_TIME_ZONE: must be an IANA time zone, e.g. America/New_York',
      expect.stringMatching(/^TRIAGE_PAGE_SIZE: /),
    ]);
  });

  it('sets each service-affecting clear level at SA_CLEAR_RATIO of its threshold unless set, never above it', () => {
    expect(loadConfig({}).serviceAffecting.thresholds.clearLevels).toMatchObject({
      packetLossPct: 6.4,
      latencyMs: 112,
    });
    expect(
      loadConfig({ SA_CLEAR_RATIO: '0.5', SA_PACKET_LOSS_CLEAR_PCT: '7' }).serviceAffecting.thresholds.clearLevels,
    ).toMatchObject({ packetLossPct: 7, latencyMs: 70, instabilityEvents: 5 });
    expect(
      configError({ SA_PACKET_LOSS_CLEAR_PCT: '9', SA_JITTER_CLEAR_MS: '51', SA_CLEAR_RATIO: '1.5' })?.problems,
    ).toEqual([expect.stringMatching(/^SA_CLEAR_RATIO: /)]);
    expect(configError({ SA_PACKET_LOSS_CLEAR_PCT: '9', SA_JITTER_CLEAR_MS: '51' })?.problems).toEqual([
      'SA_PACKET_LOSS_CLEAR_PCT: must be at or under SA_PACKET_LOSS_PCT (8)',
      'SA_JITTER_CLEAR_MS: must be at or under SA_JITTER_MS (50)',
    ]);
  });

  it("reads the sites monitor's notifier interval as a duration, refusing what is not one", () => {
    expect(loadConfig({}).monitors.sites.summaryIntervalSeconds).toBe(3600);
    expect(loadConfig({ SITES_SLACK_INTERVAL: '30m' }).monitors.sites.summaryIntervalSeconds).toBe(1800);
    expect(loadConfig({ SITES_SLACK_INTERVAL: '90s' }).monitors.sites.summaryIntervalSeconds).toBe(90);
    expect(configError({ SITES_SLACK_INTERVAL: 'hourly' })?.problems).toEqual([
      'SITES_SLACK_INTERVAL: must be a duration such as 1h, 30m or 90s',
    ]);
    expect(configError({ SITES_SLACK_INTERVAL: '25h' })?.problems).toEqual([
      'SITES_SLACK_INTERVAL: must be between 10 seconds and 24 hours',
    ]);
  });

  it('reads flap damping (3 changes in 60 min, stable after 30 min by default; 0 off) and lists every bad value', () => {
    expect(loadConfig({}).monitors.outage.flap).toEqual({ transitions: 3, windowSeconds: 3600, stableSeconds: 1800 });
    expect(loadConfig({ FLAP_TRANSITIONS: '0', FLAP_WINDOW: '2h', FLAP_STABLE: '45s' }).monitors.outage.flap).toEqual({
      transitions: 0,
      windowSeconds: 7200,
      stableSeconds: 45,
    });
    expect(configError({ FLAP_TRANSITIONS: '-1', FLAP_WINDOW: '30s', FLAP_STABLE: 'soon' })?.problems).toEqual([
      expect.stringMatching(/^FLAP_TRANSITIONS: /),
      'FLAP_WINDOW: must be between 60 seconds and 168 hours',
      'FLAP_STABLE: must be a duration such as 1h, 30m or 90s',
    ]);
  });

  it('requires a payload key, codec token and every real endpoint in production', () => {
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(
      /PAYLOAD_KEY: required in production[\s\S]*CODEC_SERVER_TOKEN: required in production[\s\S]*DEVOPS_EVENTS_SECRET_TOKEN: required in production/,
    );
    const error = configError({
      APP_ENV: 'production',
      ...productionSecrets,
      BRUIN_API_URL: 'https://api.bruin.com',
    });
    expect(error?.problems).toEqual([
      ...PRODUCTION_URLS.filter((n) => n !== 'BRUIN_API_URL').map(
        (n) => `${n}: required in production (unset points at the sandbox)`,
      ),
      ...PRODUCTION_TOKENS.map((n) => `${n}: required in production (the default is the sandbox's)`),
      ...PRODUCTION_RECIPIENTS.map((n) => `${n}: required in production (the default is a placeholder)`),
    ]);
    const config = loadConfig({ APP_ENV: 'production', ...productionSecrets, ...liveEndpoints });
    expect([config.vendors.bruin.live, config.vendors.t7.live, config.notifier.email.live]).toEqual([true, true, true]);
  });

  it('refuses placeholder recipients in production, naming each variable and never the address', () => {
    const production = { APP_ENV: 'production', ...productionSecrets, ...liveEndpoints };
    const error = configError({
      ...production,
      LIT_CANCEL_EMAIL: 'dispatch-cancel@lit.example.com',
      SA_EMAIL_TO: 'noc@mettel.net, oncall@noc.test',
      REPORT_CC: 'a@example.org,b@reports.invalid',
    });
    expect(error?.problems).toEqual([
      expect.stringMatching(/^LIT_CANCEL_EMAIL: an address is at a reserved domain/),
      expect.stringMatching(/^SA_EMAIL_TO: an address is at a reserved domain/),
      expect.stringMatching(/^REPORT_CC: 2 addresses are at a reserved domain/),
    ]);
    expect(error?.message).not.toMatch(/lit\.example|oncall|reports\.invalid/);
    // The same values are fine outside production (the sandbox's outbox takes them).
    expect(loadConfig({ LIT_CANCEL_EMAIL: 'dispatch-cancel@lit.example.com' }).vendors.lit.cancelEmail).toBe(
      'dispatch-cancel@lit.example.com',
    );
    expect(loadConfig(production).vendors.cts.cancelEmail).toBe('cancel@cts-services.com');
  });

  it('dispatch portal: port 5000 on loopback, development accounts unless listed; bad accounts and a short secret named', () => {
    expect(loadConfig({}).portal).toEqual({
      port: 5000,
      host: '127.0.0.1',
      accounts: undefined,
      sessionSecret: undefined,
      publicUrl: 'http://127.0.0.1:5000',
      secureCookies: false,
    });
    expect(
      loadConfig({
        DISPATCH_PORTAL_ACCOUNTS: `dana:dispatcher:${PORTAL_HASH}`,
        DISPATCH_PORTAL_PUBLIC_URL: 'https://portal.example.com',
      }).portal,
    ).toMatchObject({ accounts: [{ user: 'dana', role: 'dispatcher' }], secureCookies: true });
    const error = configError({
      DISPATCH_PORTAL_ACCOUNTS: 'dana:dispatcher:hunter2',
      DISPATCH_PORTAL_SESSION_SECRET: 'short',
      DISPATCH_PORTAL_PORT: '0',
    });
    expect(error?.problems).toEqual([
      'DISPATCH_PORTAL_PORT: Too small: expected number to be >=1',
      'DISPATCH_PORTAL_ACCOUNTS: entry 1 (dana): the password must be an scrypt hash (npm run portal:hash-password), never plain text',
      'DISPATCH_PORTAL_SESSION_SECRET: must be at least 32 characters',
    ]);
    expect(error?.message).not.toContain('hunter2');
    // Production: the portal (not every process) needs its accounts and secret.
    expect(portalProductionProblems(loadConfig({}).portal)).toEqual([
      'DISPATCH_PORTAL_ACCOUNTS: required in production (unset generates development accounts)',
      'DISPATCH_PORTAL_SESSION_SECRET: required in production',
    ]);
    expect(portalProductionProblems(loadConfig(portalProduction).portal)).toEqual([]);
  });

  it('DevOps metrics: port 8000 and a 30-day window by default; a short token and a bad window are named', () => {
    expect(loadConfig({}).devops).toEqual({ port: 8000, host: '127.0.0.1', token: undefined, windowDays: 30 });
    expect(() =>
      loadConfig({ DEVOPS_EVENTS_SECRET_TOKEN: 'short', DEPLOYMENT_FREQ_TIMEFRAME_DAY: '0', DEVOPS_PORT: 'x' }),
    ).toThrow(
      /DEVOPS_PORT: [\s\S]*DEVOPS_EVENTS_SECRET_TOKEN: must be at least 16 characters[\s\S]*DEPLOYMENT_FREQ_TIMEFRAME_DAY: /,
    );
  });

  it('rejects a payload key that is not 32 bytes and a key without its id', () => {
    expect(() => loadConfig({ PAYLOAD_KEY_ID: 'k1', PAYLOAD_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /PAYLOAD_KEY: expected 32 bytes/,
    );
    expect(() => loadConfig({ PAYLOAD_KEY: Buffer.alloc(32).toString('base64') })).toThrow(
      /PAYLOAD_KEY: PAYLOAD_KEY and PAYLOAD_KEY_ID are set together/,
    );
  });

  it('monthly reports: New York, the sandbox Lumin customer, 30 days and a 36-month term by default; every bad value named', () => {
    const config = loadConfig({});
    expect(config.reports).toEqual({
      timeZone: 'America/New_York',
      recipients: { to: ['reports@mettel.example'], cc: [] },
      lumin: { customer: 'Acme Logistics', types: [] },
      lastContact: { days: 30, termMonths: 36 },
    });
    expect(config.vendors.lumin).toMatchObject({
      customerUri: 'http://127.0.0.1:4010/lumin/api/v1/customers/acme-logistics/billing',
      live: false,
    });
    const custom = loadConfig({
      REPORT_RECIPIENTS: 'finance@mettel.example, noc@mettel.example',
      REPORT_CC: 'cfo@mettel.example',
      LUMIN_BILLING_TYPES: 'billing.scheduled,billing.rescheduled',
      LUMIN_CUSTOMER_URI: 'https://api.lumin.ai/v1/customers/acme/billing',
    });
    expect(custom.reports.recipients).toEqual({
      to: ['finance@mettel.example', 'noc@mettel.example'],
      cc: ['cfo@mettel.example'],
    });
    expect(custom.reports.lumin.types).toEqual(['billing.scheduled', 'billing.rescheduled']);
    expect(custom.vendors.lumin.live).toBe(true);
    let problems: string[] = [];
    try {
      loadConfig({
        REPORT_TIME_ZONE: 'Mars/Olympus',
        REPORT_RECIPIENTS: 'finance',
        LUMIN_BILLING_TYPES: 'billing.refund',
        LAST_CONTACT_DAYS: '0',
        CONTRACT_TERM_MONTHS: 'x',
      });
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'CONTRACT_TERM_MONTHS',
      'LAST_CONTACT_DAYS',
      'LUMIN_BILLING_TYPES.0',
      'REPORT_RECIPIENTS.0',
      'REPORT_TIME_ZONE',
    ]);
  });

  it('connects with TLS, mTLS or a Temporal Cloud API key when configured; every bad combination named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ae-tls-'));
    const [cert, key, ca] = ['client.pem', 'client.key', 'ca.pem'].map((f) => {
      writeFileSync(join(dir, f), `-----BEGIN ${f}-----\n`);
      return join(dir, f);
    });
    expect(connectionOptions(loadConfig({}).temporal)).toEqual({ address: '127.0.0.1:7233' });
    const mtls = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CERT: cert,
      TEMPORAL_TLS_KEY: key,
      TEMPORAL_TLS_CA: ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(connectionOptions(mtls.temporal)).toEqual({
      address: 'temporal.internal:7233',
      tls: {
        clientCertPair: {
          crt: Buffer.from('-----BEGIN client.pem-----\n'),
          key: Buffer.from('-----BEGIN client.key-----\n'),
        },
        serverRootCACertificate: Buffer.from('-----BEGIN ca.pem-----\n'),
        serverNameOverride: 'temporal.internal',
      },
    });
    // Temporal Cloud with an API key: TLS on, verified against the public roots.
    const cloud = loadConfig({
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_API_KEY: 'k'.repeat(40),
    });
    expect(connectionOptions(cloud.temporal)).toEqual({
      address: 'eu-west-1.aws.api.temporal.io:7233',
      tls: {},
      apiKey: 'k'.repeat(40),
    });
    let problems: string[] = [];
    try {
      loadConfig({ TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_CA: join(dir, 'missing.pem'), TEMPORAL_API_KEY: 'short' });
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toEqual([
      'TEMPORAL_TLS_CA: no such file (expected a PEM file path)',
      'TEMPORAL_API_KEY: too short for a Temporal API key',
      'TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (a client certificate and its key)',
    ]);
    try {
      loadConfig({ TEMPORAL_TLS_CERT: cert });
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toEqual([
      'TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (a client certificate and its key)',
    ]);
    expect(() => loadConfig({ TEMPORAL_ENGINE: 'cluster', TEMPORAL_API_KEY: 'k'.repeat(40) })).toThrow(
      /TEMPORAL_ENGINE: the local cluster engine listens without TLS/,
    );
  });

  it('runs replicas on the cluster engine only, at most nine per service', () => {
    expect(loadConfig({ TEMPORAL_ENGINE: 'cluster', TEMPORAL_REPLICAS: '2' }).temporal.cluster.replicas).toBe(2);
    expect(loadConfig({}).temporal.cluster.replicas).toBe(1);
    expect(() => loadConfig({ TEMPORAL_REPLICAS: '2' })).toThrow(
      /TEMPORAL_REPLICAS: replicas are for the cluster engine: set TEMPORAL_ENGINE=cluster too/,
    );
    expect(() => loadConfig({ TEMPORAL_ENGINE: 'cluster', TEMPORAL_REPLICAS: '10' })).toThrow(/TEMPORAL_REPLICAS:/);
  });

  it('switches a channel to live when its real URL is configured, and honours per-queue limits', () => {
    const config = loadConfig({
      TWILIO_API_URL: 'https://api.twilio.com',
      SMTP_HOST: 'smtp.example.com',
      WORKER_QUEUES: 'notifier, bruin',
      QUEUE_NOTIFIER_RATE_LIMIT: '2.5',
      QUEUE_NOTIFIER_CONCURRENCY: '3',
      DATABASE_URL: 'postgres://u:p@db/engine',
      PAYLOAD_OLD_KEYS: `old-1:${Buffer.alloc(32, 1).toString('base64')}`,
    });
    expect(config.notifier.sms).toMatchObject({ apiUrl: 'https://api.twilio.com', live: true });
    expect(config.notifier.email).toMatchObject({ host: 'smtp.example.com', port: 587, live: true });
    expect(config.queues.selected).toEqual(['notifier', 'bruin']);
    expect(config.queues.pools.notifier).toEqual({ queue: 'notifier', ratePerSecond: 2.5, concurrency: 3 });
    expect(config.queues.workflowCacheSize).toBe(500);
    expect(loadConfig({ WORKFLOW_CACHE_SIZE: '250' }).queues.workflowCacheSize).toBe(250);
    expect(() => loadConfig({ WORKFLOW_CACHE_SIZE: '0' })).toThrow(/WORKFLOW_CACHE_SIZE: Too small/);
    expect(config.store).toEqual({ kind: 'postgres', url: 'postgres://u:p@db/engine', retentionDays: 400 });
    expect(loadConfig({ APP_STORE_RETENTION_DAYS: '90' }).store.retentionDays).toBe(90);
    // Shorter than a dispatch timeline lives would let a retried send go twice.
    expect(() => loadConfig({ APP_STORE_RETENTION_DAYS: '7' })).toThrow(
      /APP_STORE_RETENTION_DAYS: must be at least 35 days/,
    );
    expect(config.codec.oldKeys.map((k) => k.id)).toEqual(['old-1']);
  });
});

describe('configuration from an .env file', () => {
  it('treats NAME= as unset, so .env.example itself is a valid configuration', () => {
    const { readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
    const { parseEnv } = jest.requireActual<{ parseEnv: (s: string) => Record<string, string> }>('node:util');
    const example = readFileSync(require.resolve('../../../.env.example'), 'utf8');
    const config = loadConfig(parseEnv(example));
    expect(config.codec.currentKey).toBeUndefined();
    expect(config.store.kind).toBe('sqlite');
    expect(config.queues.pools.notifier.ratePerSecond).toBe(10);
  });
});

describe('worker version (Worker Versioning)', () => {
  it('defaults to the git commit, -dirty when tracked files have changes', () => {
    const { execFileSync } = jest.requireActual<typeof import('node:child_process')>('node:child_process');
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    const commit = git('rev-parse', '--short=12', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    expect(loadConfig({}).temporal.deployment).toEqual({
      deploymentName: 'automation-engine',
      buildId: dirty ? `${commit}-dirty` : commit,
    });
  });

  it('takes BUILD_ID and WORKER_DEPLOYMENT_NAME as given, and none with WORKER_VERSIONING=false', () => {
    expect(loadConfig({ BUILD_ID: '2026.12.03-1', WORKER_DEPLOYMENT_NAME: 'ae-eu' }).temporal.deployment).toEqual({
      deploymentName: 'ae-eu',
      buildId: '2026.12.03-1',
    });
    expect(loadConfig({ WORKER_VERSIONING: 'false' }).temporal.deployment).toBeUndefined();
  });

  it('refuses a deployment name with a dot and a build ID with a space, naming both', () => {
    expect(configError({ BUILD_ID: 'my build', WORKER_DEPLOYMENT_NAME: 'ae.eu' })?.problems).toEqual([
      'WORKER_DEPLOYMENT_NAME: expected letters, digits, _ or - (a dot separates it from the build ID)',
      'BUILD_ID: expected up to 100 letters, digits, ., _, + or -',
    ]);
  });
});
