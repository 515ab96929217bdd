import { searchAttributeFlags } from '../../../domain/search-attributes';
import { devServerArgs } from '../../../temporal-config/dev-server';

describe('the Temporal dev server launcher', () => {
  it('starts the dev server in WAL mode with our search attributes and the codec endpoint', () => {
    const args = devServerArgs({
      port: 7233,
      uiPort: 8233,
      dbFile: '.data/t.sqlite',
      namespace: 'default',
      codecEndpoint: 'http://localhost:8888',
    });
    expect(args.join(' ')).toContain('--sqlite-pragma journal_mode=WAL --sqlite-pragma synchronous=NORMAL');
    expect(args.join(' ')).toContain('--ui-codec-endpoint http://localhost:8888');
    expect(searchAttributeFlags()).toEqual([
      'Vendor=Keyword',
      'DispatchNumber=Keyword',
      'TicketId=Keyword',
      'EdgeId=Keyword',
      'ClientId=Keyword',
      'Outcome=Keyword',
    ]);
    for (const f of searchAttributeFlags()) expect(args).toContain(f);
  });
});
