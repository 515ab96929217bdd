import { createNotifierActivities } from '../activities/notifier/activities';
import { WebApiSlackPoster } from '../activities/notifier/slack-poster';
import { SmtpEmailSender } from '../activities/notifier/smtp-email-sender';
import { TwilioSmsSender } from '../activities/notifier/twilio-sms-sender';
import { createPoolHealthActivities } from '../activities/pool-health';
import { createBruinActivities } from '../activities/bruin/activities';
import { createBruinHttp } from '../activities/bruin/client';
import { createCtsActivities } from '../activities/cts/activities';
import { createCtsHttp } from '../activities/cts/client';
import { createDigiActivities } from '../activities/digi/activities';
import { createDigiHttp } from '../activities/digi/client';
import { createLitActivities } from '../activities/lit/activities';
import { createLitHttp } from '../activities/lit/client';
import { createLuminActivities } from '../activities/lumin/activities';
import { createLuminClient } from '../activities/lumin/client';
import { createT7Activities } from '../activities/t7/activities';
import { createT7Http } from '../activities/t7/client';
import { createHawkeyeActivities } from '../activities/hawkeye/activities';
import { createHawkeyeHttp } from '../activities/hawkeye/client';
import { createVelocloudActivities } from '../activities/velocloud/activities';
import { createVelocloudClient } from '../activities/velocloud/client';
import type { AppConfig } from '../config';
import type { VendorQueue } from '../domain/task-queues';
import type { NotificationMetrics } from '../observability/metrics';
import type { AppStore } from '../store';

type Activities = Record<string, (...args: never[]) => Promise<unknown>>;

/** Builds each vendor pool's activities from config: the one place vendor clients are constructed. */
export function buildActivities(
  queue: VendorQueue,
  config: AppConfig,
  deps: { ledger: AppStore; metrics?: NotificationMetrics },
): Activities {
  const common = createPoolHealthActivities();
  switch (queue) {
    case 'notifier':
      return {
        ...common,
        ...createNotifierActivities({
          email: new SmtpEmailSender(config.notifier.email),
          slack: new WebApiSlackPoster(config.notifier.slack),
          sms: new TwilioSmsSender(config.notifier.sms),
          ledger: deps.ledger,
          files: deps.ledger.reports,
          metrics: deps.metrics,
          defaultSlackChannel: config.notifier.slack.defaultChannel,
        }),
      };
    case 'bruin':
      return { ...common, ...createBruinActivities(createBruinHttp(config.vendors.bruin)) };
    case 'velocloud':
      return {
        ...common,
        ...createVelocloudActivities(createVelocloudClient(config.vendors.velocloud), deps.ledger, {
          flaps: deps.ledger.flaps,
          maintenance: deps.ledger.maintenance,
          fleet: deps.ledger.fleet,
        }),
      };
    case 'hawkeye':
      return {
        ...common,
        ...createHawkeyeActivities(createHawkeyeHttp(config.vendors.hawkeye), deps.ledger, deps.ledger.maintenance),
      };
    case 'digi':
      return { ...common, ...createDigiActivities(createDigiHttp(config.vendors.digi)) };
    case 'lit':
      return { ...common, ...createLitActivities(createLitHttp(config.vendors.lit)) };
    case 'cts':
      return { ...common, ...createCtsActivities(createCtsHttp(config.vendors.cts)) };
    case 't7':
      return { ...common, ...createT7Activities(createT7Http(config.vendors.t7)) };
    case 'lumin':
      return {
        ...common,
        ...createLuminActivities({ client: createLuminClient(config.vendors.lumin), files: deps.ledger.reports }),
      };
  }
}
