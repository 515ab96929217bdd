import { escalationText, isPersonNote, openFor, planEscalation } from '../../../domain/escalation';
import { AUTOMATION_MARKER } from '../../../domain/ticket-notes';

const rules = { afterMinutes: 30, everyMinutes: 60 };
const opened = '2026-12-03T12:00:00.000Z';
const at = (minutes: number, seconds = 0) => Date.parse(opened) + minutes * 60_000 + seconds * 1000;
const ours = { noteValue: `${AUTOMATION_MARKER}\nTriage (VeloCloud)` };
const person = { noteValue: 'Called the site, power is back' };

describe('escalation of untouched tickets (domain/escalation.ts)', () => {
  it('is due from 30 minutes after the ticket opened, not a second before', () => {
    expect(planEscalation(opened, [ours], at(29, 59), rules)).toEqual({ due: false, why: 'too-young' });
    expect(planEscalation(opened, [ours], at(30), rules)).toEqual({ due: true, round: 1, minutesOpen: 30 });
    expect(planEscalation(opened, [ours], at(31), rules)).toEqual({ due: true, round: 1, minutesOpen: 31 });
  });

  it('is a new round every 60 minutes after that: round 2 at 90, not at 89', () => {
    expect(planEscalation(opened, [], at(89, 59), rules)).toMatchObject({ round: 1 });
    expect(planEscalation(opened, [], at(90), rules)).toMatchObject({ round: 2 });
    // After downtime the current round is due, not the ones missed.
    expect(planEscalation(opened, [], at(30 + 60 * 5 + 1), rules)).toMatchObject({ round: 6 });
  });

  it('stops for good once a person noted the ticket (a note without the automation marker)', () => {
    expect(planEscalation(opened, [ours, person], at(45), rules)).toEqual({ due: false, why: 'person-noted' });
    expect(isPersonNote(person)).toBe(true);
    expect(isPersonNote(ours)).toBe(false);
    expect(isPersonNote({ noteValue: null })).toBe(false);
    expect(isPersonNote({ noteValue: '  ' })).toBe(false);
  });

  it('cannot plan a ticket with no open date', () => {
    expect(planEscalation(undefined, [], at(100), rules)).toEqual({ due: false, why: 'no-open-date' });
    expect(planEscalation('yesterday', [], at(100), rules)).toEqual({ due: false, why: 'no-open-date' });
  });

  it('says the ticket, the device, how long it has been open and what stops it', () => {
    const text = escalationText({
      ticketId: '5001',
      serviceNumber: 'VC0001',
      clientId: '9994',
      minutesOpen: 125,
      round: 2,
      ticketUrl: 'https://app.bruin.com/t/5001',
    });
    expect(text.subject).toBe('Escalation (2): ticket 5001 (VC0001) open 2 h 05 min with no note from a person');
    expect(text.slack.split('\n')[0]).toBe(`:rotating_light: *${text.subject}*`);
    expect(text.body).toContain('npm run story -- ticket 5001');
    expect(text.body).toContain('https://app.bruin.com/t/5001');
    expect(openFor(35)).toBe('35 min');
  });
});
