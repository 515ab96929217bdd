import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The engine's custom search attributes. IDs only — never names, phone numbers or emails: search
 * attributes are stored and indexed unencrypted.
 */
export const SearchAttr = {
  Vendor: defineSearchAttributeKey('Vendor', SearchAttributeType.KEYWORD),
  DispatchNumber: defineSearchAttributeKey('DispatchNumber', SearchAttributeType.KEYWORD),
  TicketId: defineSearchAttributeKey('TicketId', SearchAttributeType.KEYWORD),
  EdgeId: defineSearchAttributeKey('EdgeId', SearchAttributeType.KEYWORD),
  ClientId: defineSearchAttributeKey('ClientId', SearchAttributeType.KEYWORD),
  Outcome: defineSearchAttributeKey('Outcome', SearchAttributeType.KEYWORD),
  /** The devices a batch of outage rechecks looked at again (`host/edgeId`, or a probe's serial). */
  EdgeIds: defineSearchAttributeKey('EdgeIds', SearchAttributeType.KEYWORD_LIST),
  /** The tickets a batch of outage rechecks created, reopened or found in progress. */
  TicketIds: defineSearchAttributeKey('TicketIds', SearchAttributeType.KEYWORD_LIST),
  /** A monthly report's period, `2026-10`. */
  ReportPeriod: defineSearchAttributeKey('ReportPeriod', SearchAttributeType.KEYWORD),
  /** What a maintenance window covers: `enterprise:<host>/<id>`, `client:<id>` or `device:<serial>`. */
  MaintenanceScope: defineSearchAttributeKey('MaintenanceScope', SearchAttributeType.KEYWORD),
} as const;

/** A monitor run's `Outcome`: `dry-run` for a run that decided and changed nothing, else what it found. */
export const runOutcome = (dryRun: boolean | undefined, found: () => string): string => (dryRun ? 'dry-run' : found());

/** `Name=Keyword` (or `KeywordList`) pairs for `temporal server start-dev --search-attribute`. */
export const searchAttributeFlags = (): string[] =>
  Object.values(SearchAttr).map(
    (k) => `${k.name}=${k.type === SearchAttributeType.KEYWORD_LIST ? 'KeywordList' : 'Keyword'}`,
  );
