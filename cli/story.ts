// `npm run story -- edge|ticket|dispatch ...`: every workflow that touched one edge, ticket or dispatch;
// `npm run story -- owed`: every subject owing side effects, with the workflow holding it.
import { openAppStore, type AppStore } from '../store';
import { tellOwed } from './owed-story';
import { parseStoryArgs, STORY_USAGE, tellStory } from './story-command';
import { runCli } from './run';

runCli(STORY_USAGE, parseStoryArgs, async (request, client, config) => {
  const uiBase = `http://localhost:${config.temporal.uiPort}/namespaces/${config.temporal.namespace}`;
  const withStore = async (tell: (store: AppStore) => Promise<string>) => {
    const store = openAppStore(config.store);
    try {
      return await tell(store);
    } finally {
      await store.close();
    }
  };
  if (request.kind === 'owed') console.log(await withStore((store) => tellOwed(client, store, { uiBase })));
  // A VeloCloud serial is looked up in the customer cache; host/edgeId, tickets and dispatches need no store.
  else if (request.kind === 'edge' && !request.edge.includes('/'))
    console.log(await withStore((cache) => tellStory(client, request, { cache, uiBase })));
  else console.log(await tellStory(client, request, { uiBase }));
});
