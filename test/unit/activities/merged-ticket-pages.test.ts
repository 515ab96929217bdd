import { mergedPage } from '../../../activities/bruin/tickets';
import type { OutageTicketPage } from '../../../activities/bruin/types';

/** A category's listing as Bruin pages it: IDs after the cursor, `size` at a time. */
const listing =
  (ids: number[]) =>
  (cursor: string | null, size: number): OutageTicketPage => {
    const rest = ids.filter((id) => cursor === null || id > Number(cursor));
    const page = rest.slice(0, size);
    return {
      tickets: page.map((id) => ({
        ticketId: String(id),
        clientId: '1',
        serviceNumber: `S${id}`,
        status: 'InProgress',
        createDate: '2026-11-01T00:00:00Z',
      })),
      nextCursor: rest.length > size ? String(page[page.length - 1]) : null,
    };
  };

describe('tickets of several categories as one listing (TNBA reads VOO and VAS)', () => {
  it('pages through the union in ticket-ID order, skipping and repeating none, whatever the interleaving', async () => {
    const cases: Array<[number[], number[], number]> = [
      [[1, 2, 3], [10], 2],
      [[1, 5, 6], [2, 3], 2],
      [[4, 8, 9, 12, 13], [1, 2, 3, 10, 11], 3],
      [[], [7, 8], 1],
      [[1], [], 5],
    ];
    for (const [voo, vas, size] of cases) {
      const read = { VOO: listing(voo), VAS: listing(vas) };
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const page: OutageTicketPage = await mergedPage(['VOO', 'VAS'], size, async (t) =>
          read[t as 'VOO' | 'VAS'](cursor, size),
        );
        expect(page.tickets.length).toBeLessThanOrEqual(size);
        seen.push(...page.tickets.map((t) => t.ticketId));
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      expect({ voo, vas, seen }).toEqual({ voo, vas, seen: [...voo, ...vas].sort((a, b) => a - b).map(String) });
    }
  });

  it('one category is read as it is, with its discards', async () => {
    const page = { ...listing([1, 2])(null, 5), discards: [{ ticketId: '3', reason: 'bad' }] };
    expect(await mergedPage(['VOO'], 5, async () => page)).toBe(page);
  });
});
