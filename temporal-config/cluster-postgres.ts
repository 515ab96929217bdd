import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A start of the cluster engine that cannot go on, with what to fix. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}

/** Connections the local PostgreSQL takes: 30 per Temporal process (cluster.yaml), for up to 3 replicas of each. */
const LOCAL_MAX_CONNECTIONS = 400;

/** Where the cluster's PostgreSQL is, as the server's config and the schema tool take it. */
export interface TemporalDb {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** `postgres://user:password@host:port` → its parts (a database name in it is ignored: Temporal has two). */
export function parseDbUrl(url: string): TemporalDb {
  const u = new URL(url);
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new ClusterError('TEMPORAL_DB_URL must be a postgres:// URL');
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'temporal'),
    password: decodeURIComponent(u.password),
  };
}

/** Debian's PostgreSQL server binaries (the newest installed major), or undefined. */
export function postgresBin(root = '/usr/lib/postgresql'): string | undefined {
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(root, majors[0], 'bin') : undefined;
}

const LOCAL_USER = 'temporal';
const LOCAL_PASSWORD = 'temporal';

/** A command as the postgres user when we are root (PostgreSQL refuses to run as root), as ourselves otherwise. */
const runAsPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0
    ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });

/**
 * PostgreSQL run as the postgres user when we are root (it refuses to run as root), as ourselves otherwise.
 * Returns the command's output; throws naming the step and PostgreSQL's own last words.
 */
function asPostgres(step: string, cmd: string, args: string[]): string {
  const result = runAsPostgres(cmd, args);
  if (result.status !== 0) {
    const said = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-3).join(' / ');
    throw new ClusterError(`PostgreSQL ${step} failed: ${said || result.error?.message || `exit ${result.status}`}`);
  }
  return result.stdout;
}

/**
 * The local PostgreSQL of the cluster engine: its data under `dir` (created on first use), listening on
 * 127.0.0.1:`port` and a socket in `dir`; already running (a previous start left it up) is reused.
 * The `temporal` role is created once. Returns how to reach it and how to stop it.
 */
export function startLocalPostgres(
  dirGiven: string,
  port: number,
): { db: TemporalDb; stop: () => void; restart: () => Promise<void> } {
  // Absolute: PostgreSQL runs in its data directory, and the socket directory is given to it.
  const dir = resolve(dirGiven);
  const bin = postgresBin();
  if (!bin)
    throw new ClusterError(
      "PostgreSQL's server is not installed: apt-get install postgresql (or set TEMPORAL_DB_URL to an existing one)",
    );
  const data = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    spawnSync('chown', ['-R', 'postgres:postgres', dir]);
    if (runAsPostgres('test', ['-w', dir]).status !== 0)
      throw new ClusterError(
        `PostgreSQL runs as user postgres and cannot reach ${dir}: let others enter its parent directories (chmod o+x) or set TEMPORAL_DB_URL`,
      );
  }
  if (!existsSync(join(data, 'PG_VERSION'))) {
    const pwfile = join(dir, 'superuser-password');
    writeFileSync(pwfile, `${LOCAL_PASSWORD}\n`, { mode: 0o600 });
    if (process.getuid?.() === 0) spawnSync('chown', ['postgres:postgres', pwfile]);
    asPostgres('initdb', join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      `--pwfile=${pwfile}`,
      '-E',
      'UTF8',
    ]);
  }
  const pgCtl = join(bin, 'pg_ctl');
  const running = runAsPostgres(pgCtl, ['-D', data, 'status']).status;
  const logFile = join(dir, 'postgres.log');
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
  if (running !== 0)
    try {
      asPostgres('start', pgCtl, [
        '-D',
        data,
        '-l',
        join(dir, 'postgres.log'),
        '-w',
        '-t',
        '60',
        '-o',
        // Every Temporal process holds up to 30 connections (cluster.yaml's maxConns): a replicated cluster's eight
        // pass PostgreSQL's default of 100.
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=${LOCAL_MAX_CONNECTIONS}`,
        'start',
      ]);
    } catch (err) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(logStart) : '';
      if (log.includes('Address already in use'))
        throw new ClusterError(
          `port ${port} (TEMPORAL_DB_PORT) is in use by another program: stop it or set TEMPORAL_DB_PORT to a free port`,
        );
      throw err;
    }
  asPostgres('role setup', join(bin, 'psql'), [
    '-h',
    dir,
    '-p',
    String(port),
    '-U',
    'postgres',
    '-d',
    'postgres',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${LOCAL_USER}') THEN CREATE ROLE ${LOCAL_USER} LOGIN CREATEDB PASSWORD '${LOCAL_PASSWORD}'; END IF; END $$`,
  ]);
  return {
    db: { host: '127.0.0.1', port, user: LOCAL_USER, password: LOCAL_PASSWORD },
    stop: () => void asPostgres('stop', pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']),
    // Without blocking this process: a drill probes the cluster while PostgreSQL is down. pg_ctl restarts it with the
    // options it was started with (postmaster.opts).
    restart: () =>
      new Promise<void>((done, failed) => {
        const args = ['-D', data, '-l', logFile, '-m', 'fast', '-w', '-t', '60', 'restart'];
        const child =
          process.getuid?.() === 0
            ? spawn('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: 'ignore' })
            : spawn(pgCtl, args, { stdio: 'ignore' });
        child.once('error', failed);
        child.once('exit', (code) =>
          code === 0 ? done() : failed(new ClusterError(`PostgreSQL restart failed (exit ${code}); see ${logFile}`)),
        );
      }),
  };
}

/**
 * Creates Temporal's two databases when missing and brings both schemas to the newest version the server
 * knows (setup at 0.0, then update: each step is a no-op when already done), on every start.
 */
export function migrateTemporalSchemas(sqlTool: string, db: TemporalDb): void {
  const base = ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user];
  const env = { ...process.env, SQL_PASSWORD: db.password };
  for (const [database, schema] of [
    ['temporal', 'postgresql/v12/temporal'],
    ['temporal_visibility', 'postgresql/v12/visibility'],
  ]) {
    for (const step of [
      ['create-database'],
      ['setup-schema', '-v', '0.0'],
      ['update-schema', '--schema-name', schema],
    ]) {
      const result = spawnSync(sqlTool, [...base, '--db', database, ...step], { encoding: 'utf8', env });
      if (result.status === 0) continue;
      const said = `${result.stderr}${result.stdout}`;
      const auth = /password authentication failed|no pg_hba.conf entry|role .* does not exist/.exec(said);
      const refused = /connection refused|no such host|i\/o timeout/.exec(said);
      throw new ClusterError(
        auth
          ? `PostgreSQL at ${db.host}:${db.port} refused user ${db.user} (${auth[0]}): check TEMPORAL_DB_URL`
          : refused
            ? `PostgreSQL at ${db.host}:${db.port} cannot be reached (${refused[0]}): is it running? check TEMPORAL_DB_URL`
            : `schema step "${step[0]}" on ${database} failed: ${said.trim().split('\n').slice(-2).join(' / ').slice(0, 400)}`,
      );
    }
  }
}
