// bench/triage: one triage run over many open outage tickets (sandbox fleet, every edge with a
// ticket and recent events) on the dev server, then a second run (all recently triaged). Prints the
// duration, the chain of continued-as-new runs and each run's history length (target: < 10,000 events).
// Usage: npx tsx bench/triage.ts [tickets=2000] [eventsPerEdge=3] [ticketsPerClient=400]
import { fleetScenario } from '../sandbox/scenarios';
import type { TriageResult } from '../workflows/triage/triage';
import { runBench } from './cleanup';
import { startBenchEngine } from './harness';
import { integerFrom, positionalNumbers } from './options';

async function main() {
  const { tickets, eventsPerEdge, ticketsPerClient } = positionalNumbers({
    tickets: integerFrom(1, 2000),
    eventsPerEdge: integerFrom(0, 3),
    ticketsPerClient: integerFrom(1, 400),
  });
  const state = fleetScenario({ edges: tickets, edgesPerEnterprise: ticketsPerClient, faultyRatio: 0 });
  const now = Date.now();
  let eventId = 0;
  for (const edge of Object.values(state.vendors.velocloud.edges)) {
    const id = String(6_000_000 + Number(edge.edgeId));
    const clientID = 10_000 + Number(edge.enterpriseId);
    state.vendors.bruin.tickets[id] = {
      id,
      clientID,
      serviceNumber: edge.serialNumber,
      category: 'VOO',
      ticketStatus: 'InProgress',
      createDate: new Date(now - 86_400_000).toISOString(),
    };
    for (let i = 0; i < eventsPerEdge; i++) {
      const key = `${edge.host}/${edge.enterpriseId}/${++eventId}`;
      state.vendors.velocloud.events[key] = {
        id: key,
        host: edge.host,
        enterpriseId: edge.enterpriseId,
        edgeId: edge.edgeId,
        edgeName: edge.name,
        eventTime: new Date(now - (i + 1) * 3_600_000).toISOString(),
        event: i % 2 ? 'LINK_ALIVE' : 'LINK_DEAD',
        category: 'NETWORK',
        severity: i % 2 ? 'NOTICE' : 'ERROR',
        message: `Link GE1 is ${i % 2 ? 'now' : 'no longer'} transmitting`,
      };
    }
  }
  const engine = await startBenchEngine(state);
  const { client, config } = engine;
  const { triage } = config.monitors;
  console.log(
    `fleet: ${tickets} open tickets on ${tickets} edges, ${eventId} events; page ${triage.pageSize}, ${triage.pagesPerRun} pages per run, ${triage.concurrency} tickets at once`,
  );
  await client.workflow.execute('customerCacheRefresh', {
    taskQueue: 'orchestration',
    workflowId: 'bench-cache',
    args: [{ hosts: config.vendors.velocloud.hosts }],
  });

  const args = [
    {
      clientIds: 'all',
      notes: 'append',
      timeZone: triage.timeZone,
      pageSize: triage.pageSize,
      pagesPerRun: triage.pagesPerRun,
      concurrency: triage.concurrency,
    },
  ];
  const rows: Array<[string, string]> = [];
  for (const pass of ['first', 'second'] as const) {
    const workflowId = `bench-triage-${pass}`;
    const t = Date.now();
    const result = (await client.workflow.execute('triage', {
      taskQueue: 'orchestration',
      workflowId,
      args,
    })) as TriageResult;
    const seconds = (Date.now() - t) / 1000;
    const lengths: number[] = [];
    for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
      lengths.push(run.historyLength);
    rows.push(
      [`${pass} run: seconds`, seconds.toFixed(1)],
      [`${pass} run: tickets per second`, (result.ticketsSeen / seconds).toFixed(1)],
      [
        `${pass} run: tickets seen / first triage / skipped recent / failed`,
        `${result.ticketsSeen} / ${result.firstTriage} / ${result.skippedRecent} / ${result.failed}`,
      ],
      [`${pass} run: notes appended`, String(result.notesAppended)],
      [`${pass} run: workflow runs (continue-as-new chain)`, `${result.runs} (visible: ${lengths.length})`],
      [
        `${pass} run: history events per run (max / all)`,
        `${Math.max(...lengths)} / ${lengths.sort((a, b) => b - a).join(',')}`,
      ],
    );
  }
  const notes = Object.keys(engine.sandbox.sandbox.state.vendors.bruin.notes).length;
  rows.push(['notes in the sandbox after both runs', String(notes)]);
  for (const [k, v] of rows) console.log(`${k.padEnd(66)} ${v}`);
  await engine.stop();
}

runBench(main);
