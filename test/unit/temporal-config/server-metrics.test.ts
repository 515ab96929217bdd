import { sumSamples } from '../../../temporal-config/server-metrics';

describe("the Temporal server's metrics, read from Prometheus's text format", () => {
  const exposition = [
    '# HELP state_transition_count state_transition_count histogram',
    '# TYPE state_transition_count histogram',
    'state_transition_count_bucket{namespace="default",le="1"} 7',
    'state_transition_count_sum{namespace="default"} 90',
    'state_transition_count_count{namespace="default",operation="WorkflowContext"} 12',
    'state_transition_count_count{namespace="temporal_system",operation="WorkflowContext"} 3',
    'state_transition_count_count_other 1000',
    'numshards_gauge{operation="ShardController",service_name="history"} 4',
    'numshards_gauge 2.5e+00',
  ].join('\n');

  it('sums one metric over its label sets, and no metric whose name only starts the same', () => {
    expect(sumSamples(exposition, 'state_transition_count_count')).toBe(15);
    expect(sumSamples(exposition, 'numshards_gauge')).toBe(6.5);
  });

  it('sums only the label sets that have every label asked for', () => {
    expect(sumSamples(exposition, 'state_transition_count_count', { namespace: 'default' })).toBe(12);
    expect(
      sumSamples(exposition, 'state_transition_count_count', { namespace: 'default', operation: 'WorkflowContext' }),
    ).toBe(12);
    expect(sumSamples(exposition, 'state_transition_count_count', { namespace: 'fault' })).toBe(0);
    expect(sumSamples(exposition, 'numshards_gauge', { service_name: 'history' })).toBe(4);
  });

  it('answers 0 for a metric the process has not reported yet', () => {
    expect(sumSamples(exposition, 'sharditem_created_count')).toBe(0);
    expect(sumSamples('', 'numshards_gauge')).toBe(0);
  });
});
