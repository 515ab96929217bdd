// `npm run story -- edge|ticket|dispatch ...`: every workflow that touched one edge, ticket or dispatch.
import { openAppStore } from '../store';
import { parseStoryArgs, STORY_USAGE, tellStory } from './story-command';
import { runCli } from './run';

runCli(STORY_USAGE, parseStoryArgs, async (subject, client, config) => {
  const store = subject.kind === 'edge' && !subject.edge.includes('/') ? openAppStore(config.store) : undefined;
  try {
    const uiBase = `http://localhost:${config.temporal.uiPort}/namespaces/${config.temporal.namespace}`;
    console.log(await tellStory(client, subject, { cache: store, uiBase }));
  } finally {
    await store?.close();
  }
});
