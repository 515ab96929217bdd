// `npm run test:record-histories`: re-records the golden histories under test/replay/histories from
// runs on the time-skipping server with fake activities. Re-record only for a deliberate, patched()
// change; the replay test must keep passing on histories recorded by earlier code.
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createAppStoreActivities } from '../../activities/app-store/activities';
import { createOwedMarkActivities } from '../../activities/app-store/owed-marks';
import { createPoolHealthActivities } from '../../activities/pool-health';
import { createDevopsActivities } from '../../activities/devops/activities';
import { createReportFileActivities } from '../../activities/app-store/report-files';
import { createFleetActivities } from '../../activities/app-store/fleet';
import { createFlapActivities } from '../../activities/app-store/flaps';
import { createMaintenanceActivities } from '../../activities/app-store/maintenance';
import { endMaintenance, extendMaintenance, maintenanceSaved } from '../../workflows/maintenance/api';
import { AUTOMATION_MARKER } from '../../domain/ticket-notes';
import { ctsRequestFields, litRequestFields } from '../../domain/dispatch';
import { TRIAGE_TITLE } from '../../domain/triage';
import { SqliteAppStore } from '../../store/sqlite-app-store';
import { emptyCounts } from '../../domain/fleet';
import { cycleStats } from '../../domain/sites-statistics';
import { FakeBruin, FakeHawkeye, FakeT7, FakeVelocloud, recordingDigi } from '../helpers/fake-vendors';
import {
  customerCacheWorkflowId,
  hawkeyeRecheckWorkflowId,
  outageRecheckBatchWorkflowId,
  segmentWorkflowId,
  outageTicketSubject,
  owedWorkWorkflowId,
  serviceAffectingWorkflowId,
} from '../../domain/workflow-ids';
import { DEFAULT_THRESHOLDS, SERVICE_AFFECTING_TITLE } from '../../domain/service-affecting';
import { tnbaNote } from '../../domain/tnba';
import { createTimeSkippingEnv } from '../helpers/time-skipping';
import { writeHistory } from './history-file';

const fakeSend = (providerId: string) => async () => ({ outcome: 'sent' as const, providerId, idempotencyKey: 'k' });

/**
 * What Twilio does not take for its first 30 attempts (a first try again fails too), then sends: a dispatch's
 * confirmation and an ops notice's SMS, each owed.
 */
const TWILIO_DOWN_FOR = 'S-147740';
const twilioDown = new Map([
  [TWILIO_DOWN_FOR, 30],
  ['GOLDEN-2#1', 30],
]);
const sendSms = async ({ businessId }: { businessId: string }) => {
  const left = twilioDown.get(businessId) ?? 0;
  twilioDown.set(businessId, left - 1);
  if (left > 0) throw ApplicationFailure.retryable('503 service unavailable', 'VendorUnavailableError');
  return fakeSend('SM1')();
};

// The portal's dispatches as LIT and CTS keep them: what find-or-create, read and update answer.
const PORTAL_FORM = {
  ticketId: '4694970',
  date: '2027-03-10',
  time: '14:30',
  timeZone: 'America/Chicago',
  contactName: 'Dana Smith',
  contactPhone: '+12125550142',
  description: 'Replace the edge',
};
const litRecord = (fields: Record<string, unknown>) => ({
  Dispatch_Number: 'DIS37001',
  Dispatch_Status: 'New Dispatch',
  Tech_First_Name: null,
  Tech_Mobile_Number: null,
  ...litRequestFields({ ...PORTAL_FORM, vendor: 'lit' }, 'IGZ-00000000a1'),
  ...fields,
});
const ctsRecord = () => ({
  Id: 'a1B000000000150001',
  Name: 'S-150001',
  Status__c: 'Open',
  API_Resource_Name__c: null,
  Resource_Phone_Number__c: null,
  ...ctsRequestFields({ ...PORTAL_FORM, vendor: 'cts' }, 'IGZ-00000000c1'),
});
const portalLit = {
  // The LIT dispatch monitor's read: the portal's dispatch, confirmed with its technician.
  listLitDispatchesPage: async () => ({
    dispatches: [
      litRecord({ Dispatch_Status: 'Request Confirmed', Tech_First_Name: 'Joe', Tech_Mobile_Number: '2125550199' }),
    ],
    nextOffset: null,
  }),
  requestLitDispatch: async () => ({ dispatch: litRecord({}), created: true }),
  getLitDispatch: async () => litRecord({}),
  updateLitDispatch: async ({ fields }: { fields: Record<string, unknown> }) => litRecord(fields),
};
const portalCts = {
  requestCtsDispatch: async () => ({ dispatch: ctsRecord(), created: true }),
  getCtsDispatch: async () => ctsRecord(),
  updateCtsDispatch: async () => undefined,
};

async function main() {
  const env = await createTimeSkippingEnv();
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
  const queues = ['notifier', 'lit'];
  const bruin = new FakeBruin();
  const velocloud = new FakeVelocloud();
  const t7 = new FakeT7();
  const hawkeye = new FakeHawkeye();
  const hawkeyeOwners = new Map<string, string>();
  const store = new SqliteAppStore(':memory:');
  velocloud.flaps = store.flaps;
  velocloud.fleet = store.fleet;
  // Fresh tickets before each triage run, relative to the server's clock (time skipping moves it).
  const freshFleet = async () => seedTriageFleet(bruin, velocloud, store, await env.currentTimeMs());
  const workers = [
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'orchestration',
      workflowBundle,
      activities: {
        ...createAppStoreActivities(store),
        ...createOwedMarkActivities(store),
        ...createDevopsActivities(store.devops),
        ...createReportFileActivities(store.reports),
        ...createFleetActivities(store.fleet),
        ...createFlapActivities(store.flaps),
        ...createMaintenanceActivities(store.maintenance),
        // The portal's requests and the dispatch monitor start or tell a timeline: recorded here, not run.
        timelineStates: async ({ workflowIds }: { workflowIds: string[] }) =>
          Object.fromEntries(workflowIds.map((id) => [id, { status: 'absent' }])),
        deliverSnapshots: async ({ snapshots }: { snapshots: unknown[] }) => snapshots.length,
        signalTimeline: async () => undefined,
      },
    }),
    ...(await Promise.all(
      queues.map((taskQueue) =>
        Worker.create({
          connection: env.nativeConnection,
          taskQueue,
          activities: {
            ...createPoolHealthActivities(),
            ...(taskQueue === 'lit' ? portalLit : {}),
            sendEmail: fakeSend('<m@x>'),
            postSlackMessage: fakeSend('#noc/1.1'),
            sendSms,
          },
        }),
      ),
    )),
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'bruin',
      activities: { ...createPoolHealthActivities(), ...bruin.activities() },
    }),
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'velocloud',
      activities: velocloud.activities(),
    }),
    await Worker.create({ connection: env.nativeConnection, taskQueue: 't7', activities: t7.activities() }),
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'hawkeye',
      activities: hawkeye.activities({ entries: () => hawkeyeOwners }),
    }),
    await Worker.create({ connection: env.nativeConnection, taskQueue: 'digi', activities: recordingDigi([]) }),
    await Worker.create({ connection: env.nativeConnection, taskQueue: 'cts', activities: portalCts }),
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'lumin',
      activities: {
        exportLuminBilling: async () => ({
          total: 240,
          byType: { 'billing.scheduled': 87, 'billing.lead-received': 66, 'billing.rescheduled': 87 },
          discarded: 1,
          discards: [{ item: 'x-1', reason: 'field "timestamp" Invalid ISO datetime' }],
          pages: 3,
          bytes: 21_375,
        }),
      },
    }),
  ];
  const triageArgs = { clientIds: ['9994'], timeZone: 'America/New_York', pageSize: 2, pagesPerRun: 2, concurrency: 2 };
  const H = 3_600_000;
  const dispatch = (now: number, over: Record<string, unknown> = {}) => ({
    vendor: 'cts',
    dispatchNumber: 'S-147735',
    ticketId: '4694962',
    reference: 'IGZ-0001',
    status: 'confirmed',
    vendorStatus: 'Scheduled',
    appointment: new Date(now + 26 * H).toISOString(),
    timeZone: 'America/New_York',
    techName: 'Joe',
    sitePhone: '+13055550187',
    ...over,
  });
  const litTexted = { vendor: 'lit', dispatchNumber: 'DIS37460', reference: 'DIS37460', siteContactName: 'Jane Doe' };
  const signal = (handle: WorkflowHandle, snapshot: unknown) => handle.signal('dispatchUpdated', snapshot);
  const runs: Array<{
    file: string;
    workflowId: string;
    type: string;
    args: unknown[] | ((now: number) => unknown[]);
    before?: () => Promise<void>;
    /** Other workflows the run started (children), recorded beside it: file → workflow ID. */
    children?: Record<string, string>;
    /** Drives a long-running workflow (signals, skipped time) once started; `now` is the server time at start. */
    drive?: (handle: WorkflowHandle, now: number) => Promise<void>;
  }> = [
    {
      file: 'ops-notice-all-channels.json',
      workflowId: 'ops-notice/GOLDEN-1',
      type: 'opsNotice',
      args: [
        {
          noticeId: 'GOLDEN-1',
          subject: 'Maintenance',
          text: 'Reboot at 02:00',
          emailTo: ['noc@example.com'],
          slack: true,
          smsTo: ['+12125550123'],
        },
      ],
    },
    // Delivered apart (patched): Twilio down past the SMS retries, the notice's SMS owed while its email goes.
    {
      file: 'ops-notice-deliveries-apart.json',
      workflowId: 'ops-notice/GOLDEN-2',
      type: 'opsNotice',
      args: [
        {
          noticeId: 'GOLDEN-2',
          subject: 'Maintenance',
          text: 'Reboot at 02:00',
          emailTo: ['noc@example.com'],
          slack: true,
          smsTo: ['+12125550123'],
        },
      ],
    },
    {
      file: 'pool-health-degraded.json',
      workflowId: 'pool-health-golden',
      type: 'poolHealthCheck',
      args: [['notifier', 'bruin', 'cts']],
    },
    // First run of a chain: first triage, update, recent skip, a discarded ticket, then continue-as-new; each page's
    // notes read in one activity and each ticket's notes written in one.
    {
      file: 'triage-planned-per-page.json',
      workflowId: 'triage-golden-planned',
      type: 'triage',
      args: [{ ...triageArgs, notes: 'append' }],
      before: freshFleet,
    },
    {
      file: 'triage-slack-summary.json',
      workflowId: 'triage-golden-slack',
      type: 'triage',
      args: [{ ...triageArgs, notes: 'slack', pageSize: 10 }],
      before: freshFleet,
    },
    {
      file: 'dispatch-confirmed-reminders-on-site-completed.json',
      workflowId: 'dispatch/cts/GOLDEN-1',
      type: 'dispatchTimeline',
      before: freshFleet,
      args: (now) => [{ snapshot: dispatch(now) }],
      drive: async (handle, now) => {
        await env.sleep(25 * H);
        await signal(handle, dispatch(now, { status: 'tech-on-site' }));
        await env.sleep(H);
        await signal(handle, dispatch(now, { status: 'completed' }));
      },
    },
    // The same course after the SMS and the note went side by side, the note in one Bruin activity (patched).
    {
      file: 'dispatch-told-in-parallel.json',
      workflowId: 'dispatch/cts/GOLDEN-5',
      type: 'dispatchTimeline',
      before: freshFleet,
      args: (now) => [{ snapshot: dispatch(now, { dispatchNumber: 'S-147736' }) }],
      drive: async (handle, now) => {
        await env.sleep(25 * H);
        await signal(handle, dispatch(now, { dispatchNumber: 'S-147736', status: 'tech-on-site' }));
        await env.sleep(H);
        await signal(handle, dispatch(now, { dispatchNumber: 'S-147736', status: 'completed' }));
      },
    },
    // Twilio down past the SMS retries: the confirmation owed (the dispatch marked owed), sent on a later try (patched).
    {
      file: 'dispatch-owed-sms.json',
      workflowId: 'dispatch/cts/GOLDEN-7',
      type: 'dispatchTimeline',
      before: freshFleet,
      args: (now) => [
        {
          snapshot: dispatch(now, {
            dispatchNumber: TWILIO_DOWN_FOR,
            appointment: new Date(now + 5 * H).toISOString(),
          }),
          completeAfterHours: 1,
        },
      ],
    },
    {
      file: 'dispatch-cancelled.json',
      workflowId: 'dispatch/cts/GOLDEN-2',
      type: 'dispatchTimeline',
      before: freshFleet,
      args: (now) => [{ snapshot: dispatch(now) }],
      drive: async (handle, now) => {
        await env.sleep(20 * H);
        await signal(handle, dispatch(now, { status: 'cancelled' }));
      },
    },
    {
      file: 'dispatch-tech-changed.json',
      workflowId: 'dispatch/lit/GOLDEN-3',
      type: 'dispatchTimeline',
      before: freshFleet,
      args: (now) => [
        {
          snapshot: dispatch(now, { vendor: 'lit', dispatchNumber: 'DIS37450', reference: 'DIS37450' }),
          completeAfterHours: 1,
        },
      ],
      drive: async (handle, now) => {
        await signal(
          handle,
          dispatch(now, { vendor: 'lit', dispatchNumber: 'DIS37450', reference: 'DIS37450', techName: 'Ann' }),
        );
        await env.sleep(25 * H);
        await signal(
          handle,
          dispatch(now, {
            vendor: 'lit',
            dispatchNumber: 'DIS37450',
            reference: 'DIS37450',
            techName: 'Ann',
            status: 'tech-on-site',
          }),
        );
      },
    },
    // Texts per recipient: the technician's confirmation (the ticket's site read once), their 12 h reminder, a new
    // technician's confirmation, a new site contact's confirmation, and the 2 h reminders.
    {
      file: 'dispatch-texts-per-recipient.json',
      workflowId: 'dispatch/lit/GOLDEN-6',
      type: 'dispatchTimeline',
      before: freshFleet,
      args: (now) => [
        {
          snapshot: dispatch(now, { ...litTexted, techPhone: '+12123456789' }),
          completeAfterHours: 1,
        },
      ],
      drive: async (handle, now) => {
        await env.sleep(15 * H);
        await signal(handle, dispatch(now, { ...litTexted, techName: 'Ann', techPhone: '+13055550188' }));
        await signal(
          handle,
          dispatch(now, { ...litTexted, techName: 'Ann', techPhone: '+13055550188', sitePhone: '+13055550199' }),
        );
        await env.sleep(10 * H);
        await signal(
          handle,
          dispatch(now, {
            ...litTexted,
            techName: 'Ann',
            techPhone: '+13055550188',
            sitePhone: '+13055550199',
            status: 'tech-on-site',
          }),
        );
      },
    },
    {
      file: 'dispatch-rescheduled.json',
      workflowId: 'dispatch/cts/GOLDEN-4',
      type: 'dispatchTimeline',
      before: freshFleet,
      args: (now) => [{ snapshot: dispatch(now) }],
      drive: async (handle, now) => {
        await env.sleep(15 * H);
        await signal(handle, dispatch(now, { appointment: new Date(now + 40 * H).toISOString() }));
        await env.sleep(24 * H);
        await signal(handle, dispatch(now, { appointment: new Date(now + 40 * H).toISOString(), status: 'completed' }));
      },
    },
  ];
  // TNBA: a first note, a same-action ticket, a changed-and-old one, one with nothing offered; then feedback of closed tickets.
  const tnbaFleet = async () => {
    const now = await env.currentTimeMs();
    bruin.tickets = [];
    bruin.notes = [];
    for (const id of ['901', '902', '903', '904']) {
      bruin.seed({
        ticketId: id,
        clientId: '9994',
        serviceNumber: `VC${id}`,
        status: 'InProgress',
        offered: id === '904' ? [] : ['Wait for Customer', 'Request Site Access'],
      });
      t7.predictions[id] = [{ name: 'Wait for Customer', probability: 0.8 }];
    }
    const old = (ticketId: string, action: string) =>
      bruin.notes.push({
        ticketId,
        note: tnbaNote({ name: action, probability: 0.5 }, 'Holmdel NOC Investigate'),
        createdDate: new Date(now - 3 * H).toISOString(),
      });
    old('902', 'Wait for Customer');
    old('903', 'Request Site Access');
    for (const id of ['911', '912', '913'])
      bruin.seed({
        ticketId: id,
        clientId: '9994',
        serviceNumber: `VC${id}`,
        status: 'Closed',
        closeDate: new Date(now - 2 * H).toISOString(),
      });
    old('911', 'Wait for Customer');
    old('913', 'Request Site Access');
  };
  runs.push(
    {
      file: 'tnba-monitor.json',
      workflowId: 'tnba-monitor-golden',
      type: 'tnbaMonitor',
      before: tnbaFleet,
      args: [{ clientIds: ['9994'], notes: 'append', minNoteAgeMinutes: 60, pageSize: 10 }],
    },
    // Escalation: one ticket too young, one due its first round, one its second, one a person noted.
    {
      file: 'ticket-escalation.json',
      workflowId: 'ticket-escalation-golden',
      type: 'ticketEscalation',
      before: async () => {
        const now = await env.currentTimeMs();
        bruin.tickets = [];
        bruin.notes = [];
        const opened = (id: string, minutesAgo: number, category: 'VOO' | 'VAS' = 'VOO') =>
          bruin.seed({
            ticketId: id,
            clientId: '9994',
            serviceNumber: `VC${id}`,
            status: 'InProgress',
            category,
            createDate: new Date(now - minutesAgo * 60_000).toISOString(),
          });
        opened('921', 10);
        opened('922', 35);
        opened('923', 100, 'VAS');
        opened('924', 45);
        bruin.notes.push({
          ticketId: '924',
          note: 'On it, calling the site',
          createdDate: new Date(now).toISOString(),
        });
      },
      args: [
        {
          clientIds: ['9994'],
          afterMinutes: 30,
          everyMinutes: 60,
          slackChannel: '#noc-escalations',
          emailTo: ['noc-escalations@mettel.example'],
        },
      ],
    },
    // A maintenance window set an hour ahead (answered once saved), extended, then ended before it began: its store
    // saves and the three updates.
    {
      file: 'maintenance-window.json',
      workflowId: 'maintenance/device:VC101@golden',
      type: 'maintenanceWindow',
      args: (now) => [
        {
          window: {
            id: 'device:VC101@golden',
            scope: { kind: 'device', serialNumber: 'VC101' },
            start: new Date(now + H).toISOString(),
            end: new Date(now + 3 * H).toISOString(),
            timeZone: 'America/New_York',
            reason: 'fibre works',
            setBy: 'noc-alice',
          },
          maxDays: 14,
        },
      ],
      drive: async (handle, now) => {
        await handle.executeUpdate(maintenanceSaved);
        await handle.executeUpdate(extendMaintenance, {
          args: [{ end: new Date(now + 4 * H).toISOString(), by: 'noc-alice', why: 'splicing late' }],
        });
        await handle.executeUpdate(endMaintenance, { args: [{ by: 'noc-bob', why: 'cancelled' }] });
      },
    },
    {
      file: 'tnba-feedback.json',
      workflowId: 'tnba-feedback-golden',
      type: 'tnbaFeedback',
      before: tnbaFleet,
      args: (now) => [
        {
          clientIds: ['9994'],
          window: { from: new Date(now - 26 * H).toISOString(), to: new Date(now).toISOString() },
          batchSize: 1,
        },
      ],
    },
  );
  // Outage: one edge down (a recheck that opens a ticket), one healthy edge whose open ticket is resolved.
  /** Three edges of enterprise 1 (VC101 down, VC102 with an open ticket); `second`: two of enterprise 2 (VC201 down). */
  const outageFleet = async (second = false) => {
    const now = await env.currentTimeMs();
    bruin.tickets = [];
    bruin.notes = [];
    velocloud.edges = [
      ...[100, 101, 102].map((edgeId) => ({ enterpriseId: 1, edgeId, clientId: '9994', up: edgeId !== 101 })),
      ...(second ? [200, 201] : []).map((edgeId) => ({
        enterpriseId: 2,
        edgeId,
        clientId: '7311',
        up: edgeId !== 201,
      })),
    ].map((e) => ({ ...e, host: 'mettel.velocloud.net', serialNumber: `VC${e.edgeId}` }));
    velocloud.readings = [];
    for (const e of velocloud.edges) bruin.inventory[e.serialNumber] = e.clientId;
    bruin.seed({ clientId: '9994', serviceNumber: 'VC102', status: 'InProgress' });
    const generation = `outage-${now}`;
    await store.stageCustomerCache(
      'velocloud',
      generation,
      velocloud.edges.map(({ serialNumber, clientId, host, enterpriseId, edgeId }) => ({
        serialNumber,
        clientId,
        host,
        enterpriseId,
        edgeId,
      })),
    );
    await store.commitCustomerCache('velocloud', generation, new Date(now).toISOString());
  };
  /** The outage fleet, and a cycle an hour ago that saw an edge down: the sites monitor owes that interval's summary. */
  const sitesFleetAfterFaultyHour = async (cycle: string) => {
    await outageFleet(true);
    const hourAgo = new Date((await env.currentTimeMs()) - 3_600_000).toISOString();
    await store.fleet.recordSitesCycle(
      cycleStats(cycle, hourAgo, 3600, {
        ...emptyCounts(),
        edgesProcessed: 2,
        edges: [{ host: 'mettel.velocloud.net', enterpriseId: 1, state: 'OFFLINE', count: 1 }],
        faulty: [
          {
            host: 'mettel.velocloud.net',
            enterpriseId: 1,
            edgeId: 101,
            name: 'edge-VC101',
            edgeState: 'OFFLINE',
            reason: 'edge offline',
          },
        ],
      }),
    );
  };
  // Hawkeye: one probe offline, one back online with an open ticket; the cache is built by the monitor's first run.
  // A monitor's workflow ID is its file's name: the replay test replays under that ID, and child IDs embed it.
  const hawkeyeFleet = async () => {
    bruin.tickets = [];
    bruin.notes = [];
    hawkeye.probes = [
      { serialNumber: 'B827EB000001', clientId: '9994', status: 'offline' },
      { serialNumber: 'B827EB000002', clientId: '9994', status: 'online' },
    ];
    for (const p of hawkeye.probes) {
      bruin.inventory[p.serialNumber] = p.clientId;
      hawkeyeOwners.set(p.serialNumber, p.clientId);
    }
    bruin.seed({ clientId: '9994', serviceNumber: 'B827EB000002', status: 'InProgress' });
  };
  runs.push(
    // A cycle: its faulty edges rechecked in one batch child (one ticket step per edge), recovered edges' tickets
    // looked up per batch of clients.
    {
      file: 'outage-monitor.json',
      workflowId: 'outage-monitor',
      type: 'outageMonitor',
      before: () => outageFleet(),
      args: [{ hosts: ['mettel.velocloud.net'], enterprisesPerBatch: 1, recheckDelay: '5s', rebootDigi: true }],
      children: { 'outage-recheck-batch.json': outageRecheckBatchWorkflowId('outage-monitor', 1) },
    },
    // Flap damping: VC102 changes state a third time within the hour (flapping: its ticket held open, one note);
    // VC100 flapped until 40 minutes ago and is up (settled: resolved with a note that says so).
    {
      file: 'outage-monitor-flapping.json',
      workflowId: 'outage-monitor-flapping',
      type: 'outageMonitor',
      before: async () => {
        await outageFleet();
        bruin.seed({ clientId: '9994', serviceNumber: 'VC100', status: 'InProgress' });
        const now = await env.currentTimeMs();
        const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
        const scope = 'mettel.velocloud.net/1';
        await store.flaps.saveFlapRecords([
          { device: 'VC102', scope, record: { down: true, changes: [ago(6), ago(3)], cycle: 'earlier' } },
          {
            device: 'VC100',
            scope,
            record: {
              down: false,
              changes: [ago(40)],
              flapping: { since: ago(50), first: ago(60), last: ago(40), changes: 5, noted: true },
              cycle: 'earlier',
            },
          },
        ]);
      },
      args: [
        {
          hosts: ['mettel.velocloud.net'],
          enterprisesPerBatch: 1,
          recheckDelay: '5s',
          flap: { transitions: 3, windowSeconds: 3600, stableSeconds: 1800 },
        },
      ],
    },
    // A fleet of two segments (one check batch each): each segment checks, rechecks and resolves its own edges in a
    // child of its own, and the cycle adds their tallies up.
    {
      file: 'outage-monitor-segments.json',
      workflowId: 'outage-monitor-segments',
      type: 'outageMonitor',
      before: () => outageFleet(true),
      args: [{ hosts: ['mettel.velocloud.net'], enterprisesPerBatch: 1, batchesPerSegment: 1, recheckDelay: '5s' }],
      children: { 'outage-segment.json': segmentWorkflowId('outage-monitor-segments', 2) },
    },
    // The cache the monitors read: every edge of the host crossed with its Bruin client, staged and committed.
    {
      file: 'customer-cache-refresh.json',
      workflowId: 'customer-cache-golden',
      type: 'customerCacheRefresh',
      before: () => outageFleet(),
      args: [{ hosts: ['mettel.velocloud.net'], enterprisesPerBatch: 1 }],
    },
    // The sites monitor over the same fleet: each batch keeps its counts in the store and answers totals, the
    // cycle's snapshot is taken there, and the Slack summary of the interval before goes (an hour ago an edge was
    // down; the store kept its cycle).
    {
      file: 'sites-monitor-parts.json',
      workflowId: 'sites-monitor-parts',
      type: 'sitesMonitor',
      before: () => sitesFleetAfterFaultyHour('sites-monitor-parts-hour-ago'),
      args: [{ hosts: ['mettel.velocloud.net'], enterprisesPerBatch: 1, summaryIntervalSeconds: 3600 }],
    },
    // A fleet of two segments (one batch each): each segment counts its own batches in a child of its own.
    {
      file: 'sites-monitor-segments.json',
      workflowId: 'sites-monitor-segments',
      type: 'sitesMonitor',
      before: () => outageFleet(true),
      args: [
        { hosts: ['mettel.velocloud.net'], enterprisesPerBatch: 1, batchesPerSegment: 1, summaryIntervalSeconds: 3600 },
      ],
      children: { 'sites-segment.json': segmentWorkflowId('sites-monitor-segments', 2) },
    },
    // The LIT dispatch monitor: one page, the portal's dispatch found ours by its ticket's note, its snapshot delivered.
    {
      file: 'dispatch-monitor-lit.json',
      workflowId: 'lit-dispatch-monitor-golden',
      type: 'dispatchMonitor',
      before: async () => {
        bruin.notes = [
          {
            ticketId: PORTAL_FORM.ticketId,
            note: `${AUTOMATION_MARKER}\nDispatch Requested\nDispatch Number: DIS37001`,
            createdDate: new Date(await env.currentTimeMs()).toISOString(),
          },
        ];
      },
      args: [{ vendor: 'lit', pageSize: 50 }],
    },
    {
      file: 'hawkeye-outage-monitor.json',
      workflowId: 'hawkeye-outage-monitor',
      type: 'hawkeyeOutageMonitor',
      before: hawkeyeFleet,
      args: [{ pageSize: 1, recheckDelay: '5s' }],
      children: {
        'hawkeye-recheck.json': hawkeyeRecheckWorkflowId('B827EB000001'),
        'hawkeye-customer-cache-refresh.json': customerCacheWorkflowId('hawkeye', 'hawkeye-outage-monitor'),
      },
    },
  );
  // Service affecting: every edge up, one with a latency trouble (a VAS ticket, its note, email and Slack), and VC101
  // clear, its VAS ticket's last trouble note old enough to auto-resolve.
  const serviceAffectingFleet = async (troubledEdge: number, second = false) => {
    await outageFleet(second);
    for (const e of velocloud.edges) e.up = true;
    const now = await env.currentTimeMs();
    velocloud.troubles.clear();
    velocloud.troubles.set(troubledEdge, [
      {
        trouble: 'Latency',
        interface: 'GE1',
        linkName: 'GE1 ISP',
        threshold: '140 ms',
        measured: 'Rx 300 ms, Tx 20 ms',
      },
    ]);
    const cleared = bruin.seed({ clientId: '9994', serviceNumber: 'VC101', status: 'InProgress', category: 'VAS' });
    bruin.notes.push({
      ticketId: cleared,
      note: [AUTOMATION_MARKER, SERVICE_AFFECTING_TITLE, '', 'Trouble: Jitter', 'Interface: GE1'].join('\n'),
      createdDate: new Date(now - 4 * H).toISOString(),
    });
  };
  const scanArgs = {
    hosts: ['mettel.velocloud.net'],
    thresholds: DEFAULT_THRESHOLDS,
    autoResolve: { dayMinutes: 90, nightMinutes: 180, maxPerTicket: 3, timeZone: 'America/New_York' },
    emailTo: ['noc@example.com'],
    enterprisesPerBatch: 1,
  };
  runs.push(
    {
      file: 'service-affecting-monitor.json',
      workflowId: 'service-affecting-monitor',
      type: 'serviceAffectingMonitor',
      before: () => serviceAffectingFleet(100),
      args: [scanArgs],
      children: { 'service-affecting-edge.json': serviceAffectingWorkflowId('mettel.velocloud.net', 100) },
    },
    // A fleet of two segments (one scan batch each), VC200 of enterprise 2 troubled: each segment handles its own
    // edges and the scan adds their tallies up.
    {
      file: 'service-affecting-monitor-segments.json',
      workflowId: 'service-affecting-monitor-segments',
      type: 'serviceAffectingMonitor',
      before: () => serviceAffectingFleet(200, true),
      args: [{ ...scanArgs, batchesPerSegment: 1 }],
      children: { 'service-affecting-segment.json': segmentWorkflowId('service-affecting-monitor-segments', 2) },
    },
  );
  // Recorded before patch `triage-outage-note-is-not-triage`: the outage note counted as a triage, so this run read only
  // the events since it (none) and wrote nothing. Replaying it proves the patch keeps old runs on the old rule.
  const outageNoteFleet = async () => {
    const now = await env.currentTimeMs();
    await freshFleet();
    bruin.tickets = bruin.tickets.filter((t) => t.ticketId === '500');
    bruin.notes = [
      {
        ticketId: '500',
        note: `${AUTOMATION_MARKER}\n${TRIAGE_TITLE}\nOutage detected: edge offline\nEdge: edge-100`,
        createdDate: new Date(now - H).toISOString(),
      },
    ];
    velocloud.events = [
      { edgeId: 100, eventTime: new Date(now - 72 * H).toISOString(), event: 'LINK_DEAD', message: 'three days ago' },
    ];
  };
  runs.push({
    file: 'triage-outage-note.json',
    workflowId: 'triage-golden-outage-note',
    type: 'triage',
    args: [{ ...triageArgs, notes: 'append' }],
    before: outageNoteFleet,
  });
  // DevOps metrics: two repos with a deploy, a failure and an incident in the window.
  runs.push({
    file: 'dora-metrics.json',
    workflowId: 'dora-metrics-golden',
    type: 'doraMetrics',
    before: async () => {
      const now = await env.currentTimeMs();
      const at = (hoursAgo: number) => new Date(now - hoursAgo * H).toISOString();
      for (const [hoursAgo, repo, event, metadata] of [
        [30, 'api', 'push', { commit: 'aaaaaaa' }],
        [20, 'api', 'deploy', { commit: 'aaaaaaa', deployId: 'd1' }],
        [19, 'api', 'deploy_failed', { deployId: 'd1' }],
        [10, 'web', 'deploy', undefined],
        [9, 'ALL', 'incident_opened', { incidentId: 'I1' }],
        [8, 'ALL', 'incident_resolved', { incidentId: 'I1' }],
      ] as const)
        await store.devops.recordDevopsEvent({ time: at(hoursAgo), repo, event, metadata });
    },
    args: [{ windowDays: 30 }],
  });
  // The store's retention: everything written before the run (a retention of 0 days), two rows per call, three calls.
  runs.push({
    file: 'store-retention.json',
    workflowId: 'store-retention-golden',
    type: 'storeRetention',
    before: async () => {
      for (const n of [1, 2, 3, 4, 5]) await store.begin(`golden|sms:${n}|1`, 'sms');
    },
    args: [{ retentionDays: 0, chunk: 2, maxChunks: 10 }],
  });
  // The owed marks check: one mark held by an ops notice that is gone (terminated, then deleted), cleared.
  runs.push({
    file: 'owed-marks-check.json',
    workflowId: 'owed-marks-check-golden',
    type: 'owedMarksCheck',
    before: async () => {
      const gone = 'ops-notice/GOLDEN-GONE';
      await store.markOwed(gone, gone, new Date(Date.now() - 3_600_000));
    },
    args: [{}],
  });
  // Monthly reports: October's billing report and last-contact report, and a scheduled run that starts its period's.
  const reportDelivery = { timeZone: 'America/New_York', to: ['reports@example.com'], cc: [] };
  const lastContactInput = { ...reportDelivery, hosts: ['mettel.velocloud.net'], days: 30, termMonths: 36 };
  const silentEdges = async () => {
    velocloud.stale = [
      {
        host: 'mettel.velocloud.net',
        enterpriseId: 3,
        enterpriseName: 'Cobalt Freight',
        edgeId: 301,
        name: 'cobalt-depot',
        serialNumber: 'VC05100077310',
        modelNumber: 'edge510',
        lastContact: '2026-08-14T16:20:00.000Z',
        activatedAt: '2024-02-10T00:00:00.000Z',
        monitorUrl: 'https://mettel.velocloud.net/#!/operator/customer/3/monitor/edge/301/',
      },
    ];
  };
  runs.push(
    {
      file: 'lumin-billing-report.json',
      workflowId: 'lumin-billing-report/2026-10',
      type: 'luminBillingReport',
      args: [{ ...reportDelivery, month: '2026-10', customer: 'Acme Logistics', types: [] }],
    },
    {
      file: 'last-contact-report.json',
      workflowId: 'last-contact-report/2026-10',
      type: 'lastContactReport',
      before: silentEdges,
      args: [{ ...lastContactInput, month: '2026-10' }],
    },
    {
      file: 'monthly-report.json',
      workflowId: 'last-contact-report-golden',
      type: 'monthlyReport',
      before: silentEdges,
      args: [{ report: 'last-contact', input: lastContactInput }],
    },
  );
  // Dispatch portal: a CTS dispatch requested (created, noted, timeline started) and a LIT one moved.
  const requestedBy = { user: 'dana', role: 'dispatcher' };
  runs.push(
    {
      file: 'dispatch-request-cts.json',
      workflowId: 'dispatch-request/cts/IGZ-00000000c1',
      type: 'dispatchRequest',
      args: [
        {
          reference: 'IGZ-00000000c1',
          form: { ...PORTAL_FORM, vendor: 'cts' },
          requestedBy,
          ctsTimeZone: 'America/New_York',
          completeAfterHours: 24,
          cancelEmail: 'cancel@cts.example.com',
        },
      ],
    },
    {
      file: 'dispatch-change-lit.json',
      workflowId: 'dispatch-change/lit/IGZ-00000000a1/0000000001',
      type: 'dispatchChange',
      args: [
        {
          vendor: 'lit',
          reference: 'IGZ-00000000a1',
          vendorId: 'DIS37001',
          change: { date: '2027-03-11', time: '09:00', timeZone: 'America/Chicago' },
          requestedBy,
          ctsTimeZone: 'America/New_York',
        },
      ],
    },
  );
  // Bruin takes no note for 20 minutes, longer than the cycle's retries: the new ticket's step and the recovered
  // edge's resolve are owed, and each device's owed queue delivers them once Bruin is back. Last: once an abandoned
  // child completes after its parent, the time-skipping server stops skipping time for what follows.
  runs.push({
    file: 'outage-monitor-owed.json',
    workflowId: 'outage-monitor-owed',
    type: 'outageMonitor',
    before: async () => {
      await outageFleet();
      bruin.notesDownUntil = (await env.currentTimeMs()) + 20 * 60_000;
    },
    args: [{ hosts: ['mettel.velocloud.net'], enterprisesPerBatch: 1, recheckDelay: '5s', rebootDigi: true }],
    drive: async (handle) => {
      await handle.result();
      await env.client.workflow.getHandle(owedWorkWorkflowId(outageTicketSubject('VC101'))).result();
      await env.client.workflow.getHandle(owedWorkWorkflowId(outageTicketSubject('VC102'))).result();
      bruin.notesDownUntil = 0;
    },
    children: {
      'outage-recheck-batch-owed.json': outageRecheckBatchWorkflowId('outage-monitor-owed', 1),
      'owed-work-outage-ticket.json': owedWorkWorkflowId(outageTicketSubject('VC101')),
      'owed-work-resolve.json': owedWorkWorkflowId(outageTicketSubject('VC102')),
    },
  });
  // `npm run test:record-histories -- dispatch` re-records only the files whose name contains "dispatch".
  const only = process.argv[2];
  const wanted = (r: (typeof runs)[number]) =>
    !only || [r.file, ...Object.keys(r.children ?? {})].some((f) => f.includes(only));
  const runAll = async () => {
    for (const run of runs.filter(wanted)) {
      await run.before?.();
      const now = await env.currentTimeMs();
      const handle = await env.client.workflow.start(run.type, {
        taskQueue: 'orchestration',
        workflowId: run.workflowId,
        args: typeof run.args === 'function' ? run.args(now) : run.args,
      });
      await run.drive?.(handle, now);
      await handle.result();
      // The first run's history (a continued chain's later runs start from its carried state).
      writeHistory(
        join(__dirname, 'histories', run.file),
        await env.client.workflow.getHandle(run.workflowId, handle.firstExecutionRunId).fetchHistory(),
      );
      console.log(`recorded ${run.file}`);
      for (const [file, workflowId] of Object.entries(run.children ?? {})) {
        writeHistory(
          join(__dirname, 'histories', file),
          await env.client.workflow.getHandle(workflowId).fetchHistory(),
        );
        console.log(`recorded ${file}`);
      }
    }
  };
  await workers.reduce<Promise<void>>((inner, w) => w.runUntil(inner), runAll());
  await store.close();
  await env.teardown();
}

/** Five open tickets of client 9994: three never triaged, one triaged 2 h ago, one 10 min ago; one not on an edge. */
async function seedTriageFleet(bruin: FakeBruin, velocloud: FakeVelocloud, store: SqliteAppStore, now: number) {
  bruin.tickets = [];
  bruin.notes = [];
  velocloud.edges = [];
  velocloud.events = [];
  for (let i = 0; i < 5; i++) {
    velocloud.edges.push({
      host: 'mettel.velocloud.net',
      enterpriseId: 1,
      edgeId: 100 + i,
      serialNumber: `VC${1000 + i}`,
      clientId: '9994',
      up: false,
    });
    bruin.seed({ ticketId: String(500 + i), clientId: '9994', serviceNumber: `VC${1000 + i}`, status: 'InProgress' });
    velocloud.events.push({
      edgeId: 100 + i,
      eventTime: new Date(now - 3_600_000).toISOString(),
      event: 'EDGE_DOWN',
      message: 'Edge is down',
    });
  }
  bruin.seed({ ticketId: '599', clientId: '9994', serviceNumber: 'NOT-AN-EDGE', status: 'New' });
  const note = `${AUTOMATION_MARKER}\n${TRIAGE_TITLE}\nEdge: earlier`;
  bruin.notes.push(
    { ticketId: '503', note, createdDate: new Date(now - 2 * 3_600_000).toISOString() },
    { ticketId: '504', note, createdDate: new Date(now - 600_000).toISOString() },
  );
  const generation = String(now);
  await store.stageCustomerCache(
    'velocloud',
    generation,
    velocloud.edges.map((e) => ({
      serialNumber: e.serialNumber,
      clientId: e.clientId,
      host: e.host,
      enterpriseId: e.enterpriseId,
      edgeId: e.edgeId,
    })),
  );
  await store.commitCustomerCache('velocloud', generation, new Date(now).toISOString());
}

void main();
