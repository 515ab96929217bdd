// Every workflow the orchestration worker runs. Workflow code imports only @temporalio/workflow,
// domain/ and activity types.
export { opsNotice } from './ops-notice/ops-notice';
export { poolHealthCheck } from './pool-health/pool-health';
export { outageRecheckBatch } from './outage/outage-recheck-batch';
export { customerCacheRefresh } from './outage/customer-cache-refresh';
export { outageMonitor } from './outage/outage-monitor';
export { outageSegment } from './outage/outage-segment';
export { hawkeyeCustomerCacheRefresh } from './outage/hawkeye-customer-cache-refresh';
export { hawkeyeRecheck } from './outage/hawkeye-recheck';
export { hawkeyeOutageMonitor } from './outage/hawkeye-outage-monitor';
export { triage } from './triage/triage';
export { dispatchTimeline } from './dispatch/dispatch-timeline';
export { dispatchMonitor } from './dispatch/dispatch-monitor';
export { tnbaMonitor } from './tnba/tnba-monitor';
export { ticketEscalation } from './escalation/ticket-escalation';
export { tnbaFeedback } from './tnba/tnba-feedback';
export { doraMetrics } from './devops/dora-metrics';
export { serviceAffectingEdge } from './service-affecting/service-affecting-edge';
export { serviceAffectingMonitor } from './service-affecting/service-affecting-monitor';
export { sitesMonitor } from './sites/sites-monitor';
export { luminBillingReport } from './reports/lumin-billing-report';
export { lastContactReport } from './reports/last-contact-report';
export { monthlyReport } from './reports/monthly-report';
export { dispatchRequest } from './dispatch/dispatch-request';
export { dispatchChange } from './dispatch/dispatch-change';
export { owedWork } from './owed/owed-work';
export { maintenanceWindow } from './maintenance/maintenance-window';
