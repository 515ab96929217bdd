import { deprecatePatch } from '@temporalio/workflow';

/**
 * The ticket categories TNBA reads: outage (VOO) and service-affecting (VAS) tickets alike (seed 002
 * says "Bruin tickets"). The marker of the retired change stays where it was written (docs/development/patch-register.md).
 */
export const tnbaTopics = (): { topics: Array<'VOO' | 'VAS'> } => {
  deprecatePatch('tnba-covers-vas-tickets');
  return { topics: ['VOO', 'VAS'] };
};
