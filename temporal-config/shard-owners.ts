import type { Pool } from 'pg';

/**
 * Which history host owns each shard now, from the cluster's own database: a shard's row holds its owner's address
 * (`host:port`, in the shard info blob). What a drill reads to see shards move when a history host dies.
 */
export async function shardOwners(db: Pool): Promise<Map<number, string>> {
  const { rows } = await db.query<{ shard_id: number; data: Buffer }>('SELECT shard_id, data FROM shards');
  const owners = new Map<number, string>();
  for (const { shard_id, data } of rows) {
    const owner = /(\d{1,3}(?:\.\d{1,3}){3}:\d+)/.exec(data.toString('latin1'))?.[1];
    if (owner) owners.set(shard_id, owner);
  }
  return owners;
}

/** The shard a workflow's current run lives on (undefined before the server has written it). */
export async function shardOf(db: Pool, workflowId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ shard_id: number }>('SELECT shard_id FROM executions WHERE workflow_id = $1', [
    workflowId,
  ]);
  return rows[0]?.shard_id;
}
