import { dispatchNote } from '../../../domain/dispatch/templates';
import { noteKind } from '../../../domain/note-kinds';
import { probeOutageNote } from '../../../domain/outage';
import { autoResolveNote as saAutoResolve, troubleNote } from '../../../domain/service-affecting';
import { automationNote, autoResolveNote } from '../../../domain/ticket-notes';
import { tnbaNote } from '../../../domain/tnba';
import { TRIAGE_TITLE } from '../../../domain/triage';

describe('note kinds (the ticket-notes counter)', () => {
  it('tells every process’s note apart by its title', () => {
    const edge = {
      host: 'h',
      enterpriseId: 1,
      edgeId: 2,
      edgeName: 'e',
      serialNumber: 'S',
      clientId: 'c',
      troubles: [],
    };
    const found = {
      trouble: 'Jitter' as const,
      interface: 'GE1',
      linkName: 'GE1',
      threshold: '50 ms',
      measured: 'Rx 80 ms',
    };
    const cases: Array<[string, string]> = [
      [
        probeOutageNote(
          { serialNumber: 'P1', name: 'probe', status: 'offline', lastContact: '2026-11-24T00:00:00Z' },
          '2026-11-24T00:00:00Z',
        ),
        'outage',
      ],
      [automationNote([TRIAGE_TITLE, 'Edge: e']), 'triage'],
      [tnbaNote({ name: 'Wait for Customer', probability: 0.8 }, 'Holmdel NOC Investigate'), 'tnba'],
      [troubleNote(edge, found, { scanMinutes: 30, at: '2026-11-24T00:00:00Z', timeZone: 'UTC' }), 'service-affecting'],
      [saAutoResolve('S', 95, 'cycle'), 'auto-resolve'],
      [autoResolveNote('S', 'cycle'), 'auto-resolve'],
      [
        dispatchNote('confirmed', {
          vendor: 'lit',
          dispatchNumber: 'DIS1',
          ticketId: '1',
          appointment: '2026-11-25T15:00:00Z',
          timeZone: 'America/New_York',
          techName: 'Joe',
        }),
        'dispatch',
      ],
      [automationNote(['Something new']), 'other'],
    ];
    for (const [note, kind] of cases)
      expect({ note: note.split('\n')[1], kind: noteKind(note) }).toEqual({ note: note.split('\n')[1], kind });
  });
});
