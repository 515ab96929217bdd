import { existsSync } from 'node:fs';
import { codecConfig, codecEnv } from './codec';
import { notifierConfig, notifierEnv } from './notifier';
import { observabilityConfig, observabilityEnv } from './observability';
import { ConfigError, parseSection } from './parse';
import { queuesConfig, queuesEnv } from './queues';
import { sandboxConfig, sandboxEnv } from './sandbox';
import { storeConfig, storeEnv } from './store';
import { temporalConfig, temporalEnv } from './temporal';
import { vendorsConfig, vendorsEnv } from './vendors';
import { monitorsConfig, monitorsEnv } from './monitors';
import { devopsConfig, devopsEnv } from './devops';
import { clearLevelProblems, serviceAffectingConfig, serviceAffectingEnv } from './service-affecting';
import { reportsConfig, reportsEnv } from './reports';
import { portalConfig, portalEnv } from './portal';
import { isPlaceholderAddress } from '../domain/contact';

export { ConfigError } from './parse';

/** Endpoints that must be real in production. */
export const PRODUCTION_URLS = [
  'BRUIN_API_URL',
  'VELOCLOUD_URL_TEMPLATE',
  'HAWKEYE_API_URL',
  'DIGI_API_URL',
  'LIT_API_URL',
  'CTS_API_URL',
  'T7_API_URL',
  'LUMIN_CUSTOMER_URI',
  'SMTP_HOST',
  'SLACK_API_URL',
  'TWILIO_API_URL',
] as const;
/** Vendor credentials whose defaults only the sandbox accepts. */
export const PRODUCTION_TOKENS = [
  'BRUIN_API_TOKEN',
  'VELOCLOUD_API_TOKEN',
  'HAWKEYE_API_TOKEN',
  'DIGI_API_TOKEN',
  'LIT_API_TOKEN',
  'CTS_API_TOKEN',
  'T7_API_TOKEN',
  'LUMIN_API_TOKEN',
] as const;

/**
 * Who the engine writes to: each must be set in production, and no address may be a placeholder at a
 * reserved domain (the defaults are), or a cancel request or a report would "succeed" into nowhere.
 */
export const PRODUCTION_RECIPIENTS = [
  'EMAIL_FROM',
  'LIT_CANCEL_EMAIL',
  'CTS_CANCEL_EMAIL',
  'SA_EMAIL_TO',
  'ESCALATION_EMAIL_TO',
  'REPORT_RECIPIENTS',
  'SLACK_DEFAULT_CHANNEL',
] as const;
/** Address lists that may be empty, but not hold a placeholder. */
const PRODUCTION_OPTIONAL_RECIPIENTS = ['REPORT_CC'] as const;

/** The production problems of the recipient variables, each named, never their values. */
function recipientProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  for (const name of PRODUCTION_RECIPIENTS)
    if (env[name] === undefined) problems.push(`${name}: required in production (the default is a placeholder)`);
  for (const name of [...PRODUCTION_RECIPIENTS, ...PRODUCTION_OPTIONAL_RECIPIENTS]) {
    const addresses = (env[name] ?? '').split(',').map((a) => a.trim());
    const placeholders = addresses.filter((a) => a.includes('@') && isPlaceholderAddress(a)).length;
    if (placeholders > 0)
      problems.push(
        `${name}: ${placeholders === 1 ? 'an address is' : `${placeholders} addresses are`} at a reserved domain ` +
          '(.example, example.com, .test, .invalid, .localhost): a placeholder, not a recipient',
      );
  }
  return problems;
}

/**
 * Reads and validates the whole environment once, at start-up. Throws a ConfigError listing every
 * bad variable (never their values) rather than stopping at the first.
 */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env) {
  // `NAME=` (as in .env.example) means unset, not an empty value.
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];
  const temporal = parseSection(temporalEnv, env, problems);
  const observability = parseSection(observabilityEnv, env, problems);
  const sandbox = parseSection(sandboxEnv, env, problems);
  const store = parseSection(storeEnv, env, problems);
  const codec = parseSection(codecEnv, env, problems);
  const queues = parseSection(queuesEnv, env, problems);
  const notifier = parseSection(notifierEnv, env, problems);
  const vendors = parseSection(vendorsEnv, env, problems);
  const monitors = parseSection(monitorsEnv, env, problems);
  const devops = parseSection(devopsEnv, env, problems);
  const serviceAffecting = parseSection(serviceAffectingEnv, env, problems);
  const reports = parseSection(reportsEnv, env, problems);
  const portal = parseSection(portalEnv, env, problems);
  if (serviceAffecting) problems.push(...clearLevelProblems(serviceAffecting));
  if (temporal?.APP_ENV === 'production') {
    if (!codec?.PAYLOAD_KEY) problems.push('PAYLOAD_KEY: required in production (with PAYLOAD_KEY_ID)');
    if (!codec?.CODEC_SERVER_TOKEN) problems.push('CODEC_SERVER_TOKEN: required in production');
    if (!devops?.DEVOPS_EVENTS_SECRET_TOKEN) problems.push('DEVOPS_EVENTS_SECRET_TOKEN: required in production');
    // Unset vendor and channel URLs mean the sandbox: in production that would be a silent outage.
    for (const name of PRODUCTION_URLS)
      if (env[name] === undefined) problems.push(`${name}: required in production (unset points at the sandbox)`);
    for (const name of PRODUCTION_TOKENS)
      if (env[name] === undefined) problems.push(`${name}: required in production (the default is the sandbox's)`);
    problems.push(...recipientProblems(env));
  }
  if (
    problems.length > 0 ||
    !temporal ||
    !observability ||
    !sandbox ||
    !store ||
    !codec ||
    !queues ||
    !notifier ||
    !vendors ||
    !monitors ||
    !devops ||
    !serviceAffecting ||
    !reports ||
    !portal
  ) {
    throw new ConfigError(problems);
  }
  const sandboxCfg = sandboxConfig(sandbox);
  return {
    temporal: temporalConfig(temporal),
    observability: observabilityConfig(observability),
    sandbox: sandboxCfg,
    store: storeConfig(store),
    codec: codecConfig(codec),
    queues: queuesConfig(queues),
    notifier: notifierConfig(notifier, sandboxCfg),
    vendors: vendorsConfig(vendors, sandboxCfg),
    monitors: monitorsConfig(monitors, temporal.APP_ENV),
    devops: devopsConfig(devops),
    serviceAffecting: serviceAffectingConfig(serviceAffecting),
    reports: reportsConfig(reports),
    portal: portalConfig(portal),
  };
}
export type AppConfig = ReturnType<typeof loadConfig>;

/** loadConfig for entry points: on bad config, prints every problem and exits non-zero. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // A .env file in the working directory fills in what the real environment does not set.
  if (env === process.env && existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
