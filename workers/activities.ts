import { createNotifierActivities } from '../activities/notifier/activities';
import { WebApiSlackPoster } from '../activities/notifier/slack-poster';
import { SmtpEmailSender } from '../activities/notifier/smtp-email-sender';
import { TwilioSmsSender } from '../activities/notifier/twilio-sms-sender';
import { createPoolHealthActivities } from '../activities/pool-health';
import { createBruinActivities, createBruinHttp } from '../activities/bruin/activities';
import { createCtsActivities, createCtsHttp } from '../activities/cts/activities';
import { createDigiActivities, createDigiHttp } from '../activities/digi/activities';
import { createLitActivities, createLitHttp } from '../activities/lit/activities';
import { createT7Activities, createT7Http } from '../activities/t7/activities';
import { createHawkeyeActivities, createHawkeyeHttp } from '../activities/hawkeye/activities';
import { createVelocloudActivities } from '../activities/velocloud/activities';
import { VelocloudClient } from '../activities/velocloud/client';
import type { AppConfig } from '../config';
import type { VendorQueue } from '../domain/task-queues';
import type { NotificationMetrics } from '../observability/metrics';
import type { AppStore } from '../store';

type Activities = Record<string, (...args: never[]) => Promise<unknown>>;

/** Builds each vendor pool's activities from config: the one place vendor clients are constructed. */
export function buildActivities(queue: VendorQueue, config: AppConfig, deps: { ledger: AppStore; metrics?: NotificationMetrics }): Activities {
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
          metrics: deps.metrics,
          defaultSlackChannel: config.notifier.slack.defaultChannel,
        }),
      };
    case 'bruin':
      return { ...common, ...createBruinActivities(createBruinHttp(config.vendors.bruin)) };
    case 'velocloud':
      return { ...common, ...createVelocloudActivities(new VelocloudClient((host) => config.vendors.velocloud.urlTemplate.replace('{host}', host), config.vendors.velocloud.token), deps.ledger) };
    case 'hawkeye':
      return { ...common, ...createHawkeyeActivities(createHawkeyeHttp(config.vendors.hawkeye), deps.ledger) };
    case 'digi':
      return { ...common, ...createDigiActivities(createDigiHttp(config.vendors.digi)) };
    case 'lit':
      return { ...common, ...createLitActivities(createLitHttp(config.vendors.lit)) };
    case 'cts':
      return { ...common, ...createCtsActivities(createCtsHttp(config.vendors.cts)) };
    case 't7':
      return { ...common, ...createT7Activities(createT7Http(config.vendors.t7)) };
    default:
      // Vendors whose activities later issues add: their pools already poll, so health checks see them.
      return common;
  }
}
