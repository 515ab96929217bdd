import * as workflows from '../../../workflows';

/** What each registered type declared with pinned()/autoUpgrade() next to its definition. */
const declared = Object.entries(workflows).map(([name, fn]) => [
  name,
  (fn as { workflowDefinitionOptions?: { versioningBehavior?: string } }).workflowDefinitionOptions?.versioningBehavior,
]);

describe('versioning behaviour of every registered workflow type', () => {
  it('every type declares one (the worker default never decides)', () => {
    expect(declared.length).toBeGreaterThanOrEqual(20);
    expect(declared.filter(([, b]) => b !== 'PINNED' && b !== 'AUTO_UPGRADE')).toEqual([]);
  });

  it('pins what sleeps for hours or days, and only that', () => {
    const pinned = declared.filter(([, b]) => b === 'PINNED').map(([name]) => name);
    expect(pinned.sort()).toEqual([
      'dispatchRequest',
      'dispatchTimeline',
      'lastContactReport',
      'luminBillingReport',
      'maintenanceWindow',
      'monthlyReport',
    ]);
  });
});
