import { patched } from '@temporalio/workflow';

/**
 * The ticket categories TNBA reads: outage (VOO) and service-affecting (VAS) tickets alike (seed 002
 * says "Bruin tickets"). Runs started before VAS tickets existed keep listing outage tickets only.
 */
export const tnbaTopics = (): { topics?: Array<'VOO' | 'VAS'> } =>
  patched('tnba-covers-vas-tickets') ? { topics: ['VOO', 'VAS'] } : {};
