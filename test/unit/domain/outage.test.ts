import { classifyEdge, isOutageNote, outageNote, type EdgeStatus } from '../../../domain/outage';
import { AUTOMATION_MARKER } from '../../../domain/ticket-notes';

/** An offline edge of client 9 with these links. */
const offlineEdge = (links: EdgeStatus['links']): EdgeStatus => ({
  host: 'h',
  enterpriseId: 1,
  edgeId: 2,
  name: 'e',
  serialNumber: 'VC1',
  clientId: '9',
  edgeState: 'OFFLINE',
  links,
});

describe('outage rules', () => {
  const link = (state: 'STABLE' | 'DISCONNECTED' | 'UNSTABLE') => ({ interface: 'GE1', displayName: 'GE1 ISP', state });
  it('calls an edge in outage when it is offline or a link is disconnected', () => {
    expect(classifyEdge({ edgeState: 'CONNECTED', links: [link('STABLE')] })).toEqual({ outage: false });
    expect(classifyEdge({ edgeState: 'CONNECTED', links: [link('UNSTABLE')] })).toEqual({ outage: false });
    expect(classifyEdge({ edgeState: 'OFFLINE', links: [] })).toEqual({
      outage: true,
      reason: 'edge-offline',
      disconnectedLinks: [],
    });
    expect(classifyEdge({ edgeState: 'CONNECTED', links: [link('STABLE'), link('DISCONNECTED')] })).toEqual({
      outage: true,
      reason: 'link-disconnected',
      disconnectedLinks: ['GE1 ISP'],
    });
    expect(classifyEdge({ edgeState: 'NEVER_ACTIVATED', links: [link('DISCONNECTED')] })).toEqual({ outage: false });
  });

  it('writes an outage note under the Bruin limit, with the marker, even with many links', () => {
    const edge = offlineEdge(
      Array.from({ length: 60 }, (_, i) => ({
        interface: `GE${i}`,
        displayName: `GE${i} long ISP display name`,
        state: 'DISCONNECTED' as const,
      })),
    );
    const note = outageNote(
      edge,
      { outage: true, reason: 'edge-offline', disconnectedLinks: [] },
      '2026-11-23T10:00:00.000Z',
    );
    expect(note.startsWith(AUTOMATION_MARKER)).toBe(true);
    expect(note.length).toBeLessThanOrEqual(1500);
    expect(note.endsWith('[truncated]')).toBe(true);
  });

  it("tells an outage recheck's note from a triage note and a person's note", () => {
    const edge = offlineEdge([]);
    expect(isOutageNote(outageNote(edge, { outage: true, reason: 'edge-offline', disconnectedLinks: [] }, 'x'))).toBe(
      true,
    );
    expect(isOutageNote(`${AUTOMATION_MARKER}\nTriage (VeloCloud)\nEdge: e (serial VC1)`)).toBe(false);
    expect(isOutageNote('Outage detected: by a person')).toBe(false);
    expect(isOutageNote(null)).toBe(false);
  });
});
