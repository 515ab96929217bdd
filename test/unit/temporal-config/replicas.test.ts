import { haproxyBinary, haproxyConfig } from '../../../temporal-config/balancer';
import {
  MAX_REPLICAS,
  processName,
  serviceHost,
  SERVICES,
  shardSpreadWarning,
} from '../../../temporal-config/replicas';

describe('the replicated cluster: where each process lives, and the balancer in front of the frontends', () => {
  it('gives every process of every service its own loopback address; one replica stays on 127.0.0.1', () => {
    const hosts = SERVICES.flatMap((s) =>
      Array.from({ length: MAX_REPLICAS }, (_, i) => serviceHost(s, i + 1, MAX_REPLICAS)),
    );
    expect(new Set(hosts).size).toBe(SERVICES.length * MAX_REPLICAS);
    expect(hosts.every((h) => /^127\.0\.0\.\d+$/.test(h) && h !== '127.0.0.1')).toBe(true);
    expect(serviceHost('history', 1, 1)).toBe('127.0.0.1');
    expect([processName('history', 1, 1), processName('history', 2, 2)]).toEqual(['history', 'history-2']);
  });

  it('warns when too few history shards for the history hosts to share them, and only then', () => {
    expect(shardSpreadWarning(2, 8)).toMatch(
      /^8 history shards on 2 history hosts: .* TEMPORAL_HISTORY_SHARDS=128 or more/,
    );
    expect(shardSpreadWarning(3, 64)).toMatch(/TEMPORAL_HISTORY_SHARDS=192 or more/);
    expect(shardSpreadWarning(2, 64)).toBeUndefined();
    expect(shardSpreadWarning(2, 128)).toBeUndefined();
    // One history host owns every shard whatever their number.
    expect(shardSpreadWarning(1, 8)).toBeUndefined();
  });

  it('balances gRPC over cleartext HTTP/2 to health-checked frontends, retrying only calls no frontend received', () => {
    const cfg = haproxyConfig({ host: '127.0.0.1', port: 7233 }, [
      { name: 'frontend-1', host: '127.0.0.11', port: 7233 },
      { name: 'frontend-2', host: '127.0.0.12', port: 7233 },
    ]);
    expect(cfg).toContain('  bind 127.0.0.1:7233 proto h2\n');
    expect(cfg).toContain('  server frontend-1 127.0.0.11:7233 proto h2 check inter 1000 fall 2 rise 2\n');
    expect(cfg).toContain('  server frontend-2 127.0.0.12:7233 proto h2 check inter 1000 fall 2 rise 2\n');
    expect(cfg).toMatch(/^ {2}retry-on conn-failure$/m);
    // A worker's long polls of every queue share one connection: room for them and its completions.
    expect(cfg).toMatch(/^ {2}tune\.h2\.max-concurrent-streams 1000$/m);
    // Long polls last up to ~70 s: no idle timeout may cut them.
    expect(cfg).toMatch(/^ {2}timeout server 5m$/m);
  });

  it('refuses replicas without haproxy, naming the package to install', () => {
    expect(() => haproxyBinary([], '/nonexistent')).toThrow(
      'TEMPORAL_REPLICAS above 1 puts a load balancer in front of the frontends: install it with `apt-get install haproxy`',
    );
    expect(haproxyBinary([], '/nonexistent:/usr/sbin')).toBe('/usr/sbin/haproxy');
  });
});
