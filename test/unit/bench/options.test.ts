import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  benchArguments,
  BenchUsageError,
  fraction,
  integerFrom,
  listOf,
  percent,
  numberOptions,
  positionalNumbers,
  positive,
  POSITIVE,
} from '../../../bench/options';

const problemsOf = (read: () => unknown): string[] => {
  try {
    read();
  } catch (err) {
    if (err instanceof BenchUsageError) return err.problems;
    throw err;
  }
  throw new Error('read without a problem');
};

describe("a bench's numeric arguments", () => {
  const spec = { edges: integerFrom(1, 1000), 'fault-rate': fraction(0.3), minutes: positive(12) };

  it('take their defaults, and the values given', () => {
    expect(numberOptions(spec, [])).toEqual({ edges: 1000, 'fault-rate': 0.3, minutes: 12 });
    expect(numberOptions(spec, ['--edges', '250', '--minutes', '0.5'])).toEqual({
      edges: 250,
      'fault-rate': 0.3,
      minutes: 0.5,
    });
  });

  it('name every bad option at once, each with what it accepts and what it got', () => {
    expect(problemsOf(() => numberOptions(spec, ['--edges', '2.5', '--fault-rate', '2', '--minutes', '0']))).toEqual([
      '--edges must be an integer >= 1, got "2.5"',
      '--fault-rate must be a number from 0 to 1, got "2"',
      '--minutes must be a number > 0, got "0"',
    ]);
    expect(problemsOf(() => numberOptions(spec, ['--edges', '']))).toEqual(['--edges must be an integer >= 1, got ""']);
    expect(problemsOf(() => numberOptions(spec, ['--edges', 'lots']))).toEqual([
      '--edges must be an integer >= 1, got "lots"',
    ]);
  });

  it('refuse an option the bench does not have, listing the ones it has', () => {
    const [problem] = problemsOf(() => numberOptions(spec, ['--edge', '5']));
    expect(problem).toContain("'--edge'");
    expect(problem).toContain('the options are --edges, --fault-rate, --minutes');
  });

  it('by position: in order, defaults for the ones left out, too many refused', () => {
    const byPosition = { tickets: integerFrom(1, 2000), percent: percent(2) };
    expect(positionalNumbers(byPosition, [])).toEqual({ tickets: 2000, percent: 2 });
    expect(positionalNumbers(byPosition, ['10'])).toEqual({ tickets: 10, percent: 2 });
    expect(problemsOf(() => positionalNumbers(byPosition, ['0', '101']))).toEqual([
      'tickets must be an integer >= 1, got "0"',
      'percent must be a number from 0 to 100, got "101"',
    ]);
    expect(problemsOf(() => positionalNumbers(byPosition, ['1', '2', '3']))).toEqual([
      'at most 2 arguments (tickets, percent), got 3',
    ]);
  });

  it('a list: each item checked, the bad ones named', () => {
    const spec = { asleep: integerFrom(0, 2000), rates: listOf(POSITIVE, [8, 16]) };
    expect(positionalNumbers(spec, [])).toEqual({ asleep: 2000, rates: [8, 16] });
    expect(positionalNumbers(spec, ['0', '4,40.5'])).toEqual({ asleep: 0, rates: [4, 40.5] });
    expect(problemsOf(() => positionalNumbers(spec, ['10', '4,0,x']))).toEqual([
      'each of rates must be a number > 0, got "0"',
      'each of rates must be a number > 0, got "x"',
    ]);
  });

  it('of every kind at once: numbers by position and by name, a word among choices, a flag', () => {
    const spec = {
      positional: { edges: integerFrom(1, 10_000), faultyPercent: percent(3) },
      named: { shards: integerFrom(1, 8), replicas: listOf({ integer: true, min: 1, max: 9 }, [1]) },
      choices: { engine: ['dev', 'cluster', 'both'] as const },
      flags: ['profile'] as const,
    };
    expect(benchArguments(spec, [])).toEqual({
      edges: 10_000,
      faultyPercent: 3,
      shards: 8,
      replicas: [1],
      engine: 'dev',
      profile: false,
    });
    expect(benchArguments(spec, ['500', '--engine', 'cluster', '--replicas', '1,2', '5', '--profile'])).toEqual({
      edges: 500,
      faultyPercent: 5,
      shards: 8,
      replicas: [1, 2],
      engine: 'cluster',
      profile: true,
    });
    expect(problemsOf(() => benchArguments(spec, ['0', '1', '2', '--engine', 'moon', '--replicas', '1,10']))).toEqual([
      'at most 2 arguments (edges, faultyPercent), got 3',
      '--engine must be one of dev, cluster, both, got "moon"',
      'each of --replicas must be an integer from 1 to 9, got "10"',
      'edges must be an integer >= 1, got "0"',
    ]);
    const [unknown] = problemsOf(() => benchArguments(spec, ['--replica', '2']));
    expect(unknown).toContain("'--replica'");
    expect(unknown).toContain('the options are --shards, --replicas, --engine, --profile');
  });

  it('npm run chaos with bad options exits 2 at once, naming each, before it starts a server', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '../../../bench/chaos.ts'), '--cycles', 'six', '--fault-rate', '30'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('bench: --cycles must be an integer >= 1, got "six"');
    expect(run.stderr).toContain('bench: --fault-rate must be a number from 0 to 1, got "30"');
    expect(run.stderr).not.toContain('    at '); // no stack: the message is the answer
    expect(run.stdout).toBe(''); // not even the plan: nothing was started
  }, 60_000);

  it('bench/outage-cycle.ts with bad arguments of each kind exits 2, naming each, before it starts an engine', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, '../../../bench/outage-cycle.ts'),
        'many',
        '--engine',
        'moon',
        '--sizes',
        '2500,50',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'bench: --engine must be one of dev, cluster, both, got "moon"',
      'bench: each of --sizes must be an integer >= 100, got "50"',
      'bench: edges must be an integer >= 1, got "many"',
    ]);
    expect(run.stdout).toBe('');
  }, 60_000);
});
