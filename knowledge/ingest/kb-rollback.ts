/**
 * `kb rollback`: puts the documents of a kept version back (see {@link KbVersionStore}). The
 * restore is itself a new version — versions only go up, so every instance (and the answer
 * cache, keyed by version) sees a change — and `NOTIFY kb_reload` tells every instance.
 */
import type { Database, SqlRunner } from '../../storage/database';
import { KB_RELOAD_CHANNEL } from './kb-importer';
import { KbStore } from './kb-store';
import { KbVersionStore } from './kb-versions';

/** What a rollback did. */
export interface RollbackSummary {
  /** The new current version. */
  version: number;
  /** The version whose documents were restored. */
  restored: number;
  documents: number;
  /** Ids that came back, changed back, or went away compared with the version replaced. */
  added: string[];
  updated: string[];
  removed: string[];
}

/** Thrown when there is nothing to roll back to (the knowledge base is left as it was). */
export class KbRollbackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KbRollbackError';
  }
}

/**
 * The newest kept version older than `current` whose documents differ from the live ones (a
 * version that only added embeddings is skipped: restoring it would change nothing).
 */
async function previousDifferent(tx: SqlRunner, versions: KbVersionStore, current: number, live: Map<string, string>): Promise<number> {
  const older = (await tx.query<{ version: string | number }>('SELECT version FROM kb_versions WHERE version < $1 ORDER BY version DESC', [current])).rows;
  for (const row of older) {
    const manifest = (await versions.manifest(tx, Number(row.version))) ?? new Map<string, string>();
    const same = manifest.size === live.size && [...manifest].every(([id, hash]) => live.get(id) === hash);
    if (!same) return Number(row.version);
  }
  throw new KbRollbackError(`no kept version older than the current one (${current}) has different documents`);
}

/**
 * Restores version `to`, or without it the newest kept older version with different documents.
 * @param keepVersions versions kept after the rollback (the rollback counts as one)
 */
export async function rollbackKb(db: Database, options: { to?: number; keepVersions: number }): Promise<RollbackSummary> {
  const versions = new KbVersionStore(db);
  const store = new KbStore(db);
  const summary = await db.transaction(async (tx) => {
    // Lock the version row first: a concurrent import or rollback waits, then sees ours.
    const current = Number((await tx.query<{ version: string | number }>('SELECT version FROM kb_state WHERE id = 1 FOR UPDATE')).rows[0]?.version ?? 0);
    const live = new Map((await tx.query<{ id: string; content_hash: string }>('SELECT id, content_hash FROM documents')).rows.map((x) => [x.id, x.content_hash]));
    const target = options.to ?? (await previousDifferent(tx, versions, current, live));
    if (target === current) throw new KbRollbackError(`version ${target} is already the current one`);
    const manifest = await versions.manifest(tx, target);
    if (!manifest) {
      const kept = (await tx.query<{ version: string | number }>('SELECT version FROM kb_versions ORDER BY version')).rows.map((x) => Number(x.version));
      throw new KbRollbackError(`version ${target} is not kept (kept: ${kept.join(', ') || 'none'})`);
    }
    const added = [...manifest.keys()].filter((id) => !live.has(id)).sort();
    const updated = [...manifest.keys()].filter((id) => live.has(id) && live.get(id) !== manifest.get(id)).sort();
    const removed = [...live.keys()].filter((id) => !manifest.has(id)).sort();
    await versions.restore(tx, target);
    const version = await store.bumpVersion(tx);
    await versions.record(tx, version, { kind: 'rollback', source: String(target), added: added.length, updated: updated.length, removed: removed.length }, options.keepVersions);
    return { version, restored: target, documents: manifest.size, added, updated, removed };
  });
  await db.notify(KB_RELOAD_CHANNEL, String(summary.version));
  return summary;
}
