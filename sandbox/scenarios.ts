import { emptyState, type Entity, type SandboxState } from './state';

const put = (collection: Record<string, Entity>, entities: Entity[]) => {
  for (const e of entities) collection[e.id] = e;
};

/** Named, deterministic starting points for the simulators. */
export const SCENARIOS: Record<string, () => SandboxState> = {
  empty: () => emptyState('empty'),

  /** A few customers with edges, probes and dispatches: enough to watch every process run. */
  demo: () => {
    const s = emptyState('demo');
    // The demo's dispatches are visited tomorrow at 10:00 Eastern (15:00 UTC): a fixed date would pass, and a timeline
    // whose visit is over a day gone completes at its first step (the tour and the docs' commands need it running).
    const DAY = 86_400_000;
    const visitDay = new Date(Math.floor(Date.now() / DAY) * DAY + DAY + 15 * 3_600_000).toISOString();
    put(s.vendors.bruin.clients, [
      {
        id: '9994',
        name: 'Acme Logistics',
        serviceNumbers: ['VC05200028729', 'VC05200039471', 'B827EB92EB72'],
        siteAddress: { street: '1200 Harbor Blvd', city: 'Newark', state: 'NJ', zip: '07114', country: 'US' },
      },
      {
        id: '7311',
        name: 'Blue Harbor Clinics',
        serviceNumbers: ['VC05400011823', 'B827EB0A7C11'],
        siteAddress: { street: '45 Lakeview Ave', city: 'Tampa', state: 'FL', zip: '33602', country: 'US' },
      },
    ]);
    put(s.vendors.velocloud.enterprises, [
      { id: 'mettel.velocloud.net/1', host: 'mettel.velocloud.net', enterpriseId: 1, name: 'Acme Logistics' },
      { id: 'mettel.velocloud.net/2', host: 'mettel.velocloud.net', enterpriseId: 2, name: 'Blue Harbor Clinics' },
      // Not a Bruin client: its edges are watched by no monitor, only listed by the last-contact report.
      { id: 'mettel.velocloud.net/3', host: 'mettel.velocloud.net', enterpriseId: 3, name: 'Cobalt Freight' },
    ]);
    // Connected edges were heard from just now; the last-contact report lists the two silent for months.
    const heardNow = new Date().toISOString();
    const link = (id: number, iface: string, state: string) => ({
      id,
      interface: iface,
      displayName: `${iface} ISP`,
      state,
    });
    put(s.vendors.velocloud.edges, [
      {
        id: 'mettel.velocloud.net/1/101',
        host: 'mettel.velocloud.net',
        enterpriseId: 1,
        edgeId: 101,
        name: 'acme-hq',
        modelNumber: 'edge520',
        activationTime: '2024-03-18T00:00:00.000Z',
        lastContact: heardNow,
        serialNumber: 'VC05200028729',
        edgeState: 'CONNECTED',
        links: [link(1011, 'GE1', 'STABLE'), link(1012, 'GE2', 'STABLE')],
      },
      {
        id: 'mettel.velocloud.net/1/102',
        host: 'mettel.velocloud.net',
        enterpriseId: 1,
        edgeId: 102,
        name: 'acme-warehouse',
        modelNumber: 'edge510',
        activationTime: '2025-01-06T00:00:00.000Z',
        lastContact: heardNow,
        serialNumber: 'VC05200039471',
        edgeState: 'CONNECTED',
        links: [link(1021, 'GE1', 'STABLE')],
      },
      {
        id: 'mettel.velocloud.net/2/201',
        host: 'mettel.velocloud.net',
        enterpriseId: 2,
        edgeId: 201,
        name: 'blue-harbor-main',
        modelNumber: 'edge520',
        activationTime: '2023-11-02T00:00:00.000Z',
        lastContact: heardNow,
        serialNumber: 'VC05400011823',
        edgeState: 'CONNECTED',
        links: [link(2011, 'GE1', 'STABLE'), link(2012, 'GE2', 'STABLE')],
      },
      {
        id: 'mettel.velocloud.net/3/301',
        host: 'mettel.velocloud.net',
        enterpriseId: 3,
        edgeId: 301,
        name: 'cobalt-depot',
        modelNumber: 'edge510',
        activationTime: '2024-02-10T00:00:00.000Z',
        lastContact: '2026-08-14T16:20:00.000Z',
        serialNumber: 'VC05100077310',
        edgeState: 'OFFLINE',
        links: [link(3011, 'GE1', 'DISCONNECTED')],
      },
      {
        id: 'mettel.velocloud.net/3/302',
        host: 'mettel.velocloud.net',
        enterpriseId: 3,
        edgeId: 302,
        name: 'cobalt-yard',
        modelNumber: 'edge610-lte',
        activationTime: '2023-06-01T00:00:00.000Z',
        lastContact: '2026-09-28T03:00:00.000Z',
        serialNumber: 'VC06100012904',
        edgeState: 'OFFLINE',
        links: [link(3021, 'GE1', 'DISCONNECTED')],
      },
    ]);
    const event = (id: number, edgeId: number, eventTime: string, ev: string, severity: string, message: string) => ({
      id: `mettel.velocloud.net/1/${id}`,
      host: 'mettel.velocloud.net',
      enterpriseId: 1,
      edgeId,
      edgeName: edgeId === 101 ? 'acme-hq' : 'acme-warehouse',
      eventTime,
      event: ev,
      category: 'EDGE',
      severity,
      message,
    });
    put(s.vendors.velocloud.events, [
      event(1, 101, '2026-11-20T08:00:00.000Z', 'LINK_DEAD', 'ERROR', 'Link GE2 is no longer transmitting'),
      event(2, 101, '2026-11-20T08:04:00.000Z', 'LINK_ALIVE', 'NOTICE', 'Link GE2 is now transmitting'),
      event(3, 102, '2026-11-21T02:10:00.000Z', 'EDGE_DOWN', 'ERROR', 'Edge is down'),
      event(4, 102, '2026-11-21T02:25:00.000Z', 'EDGE_UP', 'NOTICE', 'Edge is up'),
    ]);
    put(s.vendors.bruin.tickets, [
      {
        id: '4694961',
        clientID: 9994,
        serviceNumber: 'VC05200028729',
        category: 'VOO',
        ticketStatus: 'Closed',
        createDate: '2026-10-02T14:00:00Z',
      },
      // The ticket our dispatch portal asked CTS to visit for (IGZ-0001): the CTS dispatch below is ours.
      {
        id: '4694962',
        clientID: 7311,
        serviceNumber: 'VC05400011823',
        category: 'Dispatch',
        ticketStatus: 'InProgress',
        createDate: '2026-11-20T09:00:00Z',
      },
      // A site visit nobody has asked a vendor for yet: what the dispatch portal's demo starts from.
      {
        id: '4694970',
        clientID: 9994,
        // The site's router, not an edge the monitors watch: outage tickets never meet this one.
        serviceNumber: 'VC05200099001',
        category: 'Dispatch',
        ticketStatus: 'InProgress',
        createDate: '2026-11-24T15:00:00Z',
      },
    ]);
    put(s.vendors.bruin.notes, [
      {
        id: '70001',
        ticketId: '4694962',
        noteValue: "#*MetTel's IPA*#\nDispatch Management - Dispatch Requested\nIGZ Dispatch Number: IGZ-0001",
        createdDate: '2026-11-20T09:05:00Z',
      },
    ]);
    put(s.vendors.lumin.customers, [
      { id: 'acme-logistics', name: 'Acme Logistics', itemsPerPeriod: 240, pageSize: 100 },
    ]);
    put(s.vendors.digi.devices, [{ id: 'VC05200039471', rebootRequests: 0 }]);
    put(s.vendors.hawkeye.devices, [
      {
        id: 'B827EB92EB72',
        serialNumber: 'B827EB92EB72',
        name: 'acme-hq-probe',
        status: 'online',
        lastContact: '2026-11-23T00:00:00Z',
      },
      {
        id: 'B827EB0A7C11',
        serialNumber: 'B827EB0A7C11',
        name: 'blue-harbor-probe',
        status: 'online',
        lastContact: '2026-11-23T00:00:00Z',
      },
    ]);
    put(s.vendors.lit.dispatches, [
      {
        id: 'DIS37450',
        Dispatch_Number: 'DIS37450',
        MetTel_Bruin_TicketID: '4694961',
        Dispatch_Status: 'Request Confirmed',
        Date_of_Dispatch: visitDay.slice(0, 10),
        Hard_Time_of_Dispatch_Local: '10:00AM',
        Hard_Time_of_Dispatch_Time_Zone_Local: 'Eastern Time',
        Tech_First_Name: 'Joe',
        Tech_Mobile_Number: '+12123456789',
        Job_Site_Contact_Name_and_Phone_Number: 'Jane Doe +12125550123',
      },
    ]);
    put(s.vendors.cts.dispatches, [
      {
        id: 'a1B000000000147735',
        Name: 'S-147735',
        Ext_Ref_Num__c: '4694962',
        Status__c: 'Scheduled',
        Local_Site_Time__c: visitDay,
        Description__c: 'IGZ Dispatch Number: IGZ-0001\nOnsite Contact: John Roe +13055550187',
      },
    ]);
    return s;
  },
};

/**
 * A large deterministic fleet for benchmarks: `edges` edges, `edgesPerEnterprise` per enterprise (one
 * Bruin client each), every `1/faultyRatio`-th edge offline, every `1/troubledLinkRatio`-th with a
 * troubled link (300+ ms latency, 12% loss or 75 ms jitter).
 */
export function fleetScenario(opts: {
  edges: number;
  edgesPerEnterprise: number;
  faultyRatio: number;
  /** Share of edges whose link shows a service-affecting trouble (latency, loss, jitter in turn). */
  troubledLinkRatio?: number;
  host?: string;
}): SandboxState {
  const s = emptyState('fleet');
  const host = opts.host ?? 'mettel.velocloud.net';
  const every = opts.faultyRatio > 0 ? Math.round(1 / opts.faultyRatio) : Infinity;
  const troubledEvery = opts.troubledLinkRatio ? Math.round(1 / opts.troubledLinkRatio) : Infinity;
  const troubles = [{ bestLatencyMsRx: 310 }, { bestLossPctTx: 12 }, { bestJitterMsRx: 75 }];
  for (let i = 0; i < opts.edges; i++) {
    const enterpriseId = 1 + Math.floor(i / opts.edgesPerEnterprise);
    const clientId = String(10_000 + enterpriseId);
    const serialNumber = `VC${String(10_000_000 + i)}`;
    if (!s.vendors.velocloud.enterprises[`${host}/${enterpriseId}`]) {
      s.vendors.velocloud.enterprises[`${host}/${enterpriseId}`] = {
        id: `${host}/${enterpriseId}`,
        host,
        enterpriseId,
        name: `Enterprise ${enterpriseId}`,
      };
      s.vendors.bruin.clients[clientId] = { id: clientId, name: `Client ${clientId}`, serviceNumbers: [] };
    }
    (s.vendors.bruin.clients[clientId].serviceNumbers as string[]).push(serialNumber);
    const faulty = i % every === every - 1;
    s.vendors.velocloud.edges[`${host}/${enterpriseId}/${i + 1}`] = {
      id: `${host}/${enterpriseId}/${i + 1}`,
      host,
      enterpriseId,
      edgeId: i + 1,
      name: `edge-${i + 1}`,
      serialNumber,
      edgeState: faulty ? 'OFFLINE' : 'CONNECTED',
      links: [
        {
          id: 1,
          interface: 'GE1',
          displayName: 'GE1 ISP',
          state: faulty ? 'DISCONNECTED' : 'STABLE',
          // Troubled links are spread apart from the faulty edges (offset by half a period).
          ...(Math.floor(i + troubledEvery / 2) % troubledEvery === 0
            ? troubles[Math.floor(i / troubledEvery) % 3]
            : {}),
        },
      ],
    };
  }
  return s;
}
