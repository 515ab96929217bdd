import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import type { TicketEscalationResult } from '../../workflows/escalation/ticket-escalation';
import { useTestEngine } from '../helpers/engine';

type Outbox = { emails: Array<{ to: string[]; subject: string }>; slack: Array<{ channel: string; text: string }> };

describe('end to end: escalation of untouched tickets (issue 30 item 5)', () => {
  // A client of its own, so the demo's other open tickets stay out of the count.
  const CLIENT = '88001';
  const engine = useTestEngine('escalation', {
    ESCALATION_CLIENT_IDS: CLIENT,
    ESCALATION_SLACK_CHANNEL: '#noc-escalations',
    ESCALATION_EMAIL_TO: 'noc-escalations@mettel.example',
  });
  const check = async () => (await engine.triggerSchedule<TicketEscalationResult>('ticket-escalation')).result;
  const escalations = async () => {
    const { outbox } = (await engine.sb.call('GET', '/_sandbox/state')).json as { outbox: Outbox };
    return {
      slack: outbox.slack.filter((m) => m.text.includes('Escalation')),
      emails: outbox.emails.filter((m) => m.subject.startsWith('Escalation')),
    };
  };
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  // A triggered run's ID carries its second: the next check waits for the next second to be a run of its own.
  const nextSecond = () => new Promise((r) => setTimeout(r, 1_050 - (Date.now() % 1_000)));

  it('a ticket untouched for 30 min: 1 escalation; no second one before 60 min more; none after a person notes it', async () => {
    const ticket = (id: string, createDate: string) =>
      engine.sb.call('POST', '/_sandbox/bruin/tickets', {
        id,
        clientID: Number(CLIENT),
        serviceNumber: `VC88${id}`,
        category: 'VOO',
        ticketStatus: 'InProgress',
        createDate,
      });
    await ticket('880001', minutesAgo(31)); // due its first round
    await ticket('880002', minutesAgo(20)); // too young
    await engine.sb.call('POST', '/_sandbox/bruin/notes', {
      id: '880101',
      ticketId: '880001',
      noteValue: `${AUTOMATION_MARKER}\nTriage (VeloCloud)\nOutage detected: edge offline`,
      createdDate: minutesAgo(30),
    });

    const firstCheck = await check();
    expect(firstCheck.failures).toEqual([]);
    expect(firstCheck).toMatchObject({ ticketsSeen: 2, escalated: 1, tooYoung: 1, personNoted: 0, failed: 0 });
    const first = await escalations();
    expect(first.slack).toEqual([
      expect.objectContaining({
        channel: '#noc-escalations',
        text: expect.stringMatching(
          /^:rotating_light: \*Escalation: ticket 880001 \(VC88880001\) open 31 min with no note from a person\*\n/,
        ),
      }),
    ]);
    expect(first.emails).toEqual([
      expect.objectContaining({
        to: ['noc-escalations@mettel.example'],
        subject: 'Escalation: ticket 880001 (VC88880001) open 31 min with no note from a person',
      }),
    ]);

    // The next checks in the same round: nothing more.
    await nextSecond();
    expect(await check()).toMatchObject({ escalated: 0, alreadyEscalated: 1 });
    expect(await escalations()).toEqual(first);

    // 60 minutes on (the ticket opened 91 minutes ago): the second round, once.
    await engine.sb.call('PATCH', '/_sandbox/bruin/tickets/880001', { createDate: minutesAgo(91) });
    await nextSecond();
    expect(await check()).toMatchObject({ escalated: 1 });
    const second = await escalations();
    expect(second.emails.map((e) => e.subject)).toEqual([
      first.emails[0].subject,
      'Escalation (2): ticket 880001 (VC88880001) open 1 h 31 min with no note from a person',
    ]);
    expect(second.slack).toHaveLength(2);

    // A person notes it: no escalation again, whatever the round.
    await engine.sb.call('POST', '/_sandbox/bruin/notes', {
      id: '880102',
      ticketId: '880001',
      noteValue: 'Called the site: power work until 6 pm',
      createdDate: minutesAgo(0),
    });
    await engine.sb.call('PATCH', '/_sandbox/bruin/tickets/880001', { createDate: minutesAgo(151) });
    await nextSecond();
    expect(await check()).toMatchObject({ escalated: 0, personNoted: 1 });
    expect(await escalations()).toEqual(second);
  });
});
