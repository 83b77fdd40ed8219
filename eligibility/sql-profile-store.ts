/**
 * ProfileStore on the shared `Database` (table `eligibility_profiles`, migration 040). Only
 * profiles the resident consented to keep are written here.
 */
import type { Database } from '../storage/database';
import { sanitizeProfile, type Profile } from './profile';
import type { ProfileStore, StoredProfile } from './ports';

interface Row {
  profile: unknown;
  consented_at: Date | string;
  updated_at: Date | string;
}

/** A database operation on profiles failed. */
export class ProfileStoreError extends Error {
  constructor(
    readonly operation: 'get' | 'save' | 'delete' | 'purge',
    options?: { cause?: unknown },
  ) {
    super(`eligibility profile ${operation} failed`, options);
    this.name = 'ProfileStoreError';
  }
}

/** Stores consented eligibility profiles in SQL. */
export class SqlProfileStore implements ProfileStore {
  constructor(private readonly db: Database) {}

  async get(channelId: string, userId: string): Promise<StoredProfile | null> {
    try {
      const { rows } = await this.db.query<Row>('SELECT profile, consented_at, updated_at FROM eligibility_profiles WHERE channel_id = $1 AND user_id = $2', [channelId, userId]);
      const row = rows[0];
      if (!row) return null;
      // jsonb comes back parsed from both drivers; a string means a driver configured otherwise.
      const raw: unknown = typeof row.profile === 'string' ? JSON.parse(row.profile) : row.profile;
      return { profile: sanitizeProfile(raw), consentedAt: new Date(row.consented_at), updatedAt: new Date(row.updated_at) };
    } catch (err) {
      throw new ProfileStoreError('get', { cause: err });
    }
  }

  async save(channelId: string, userId: string, profile: Profile): Promise<void> {
    try {
      await this.db.query(
        `INSERT INTO eligibility_profiles (channel_id, user_id, profile) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (channel_id, user_id) DO UPDATE SET profile = EXCLUDED.profile, updated_at = now()`,
        [channelId, userId, JSON.stringify(profile)],
      );
    } catch (err) {
      throw new ProfileStoreError('save', { cause: err });
    }
  }

  async delete(channelId: string, userId: string): Promise<boolean> {
    try {
      const { affectedRows } = await this.db.query('DELETE FROM eligibility_profiles WHERE channel_id = $1 AND user_id = $2', [channelId, userId]);
      return affectedRows > 0;
    } catch (err) {
      throw new ProfileStoreError('delete', { cause: err });
    }
  }

  /** Retention purge: deletes profiles not updated since `cutoff`; returns how many. */
  async purgeOlderThan(cutoff: Date): Promise<number> {
    try {
      const { affectedRows } = await this.db.query('DELETE FROM eligibility_profiles WHERE updated_at < $1', [cutoff.toISOString()]);
      return affectedRows;
    } catch (err) {
      throw new ProfileStoreError('purge', { cause: err });
    }
  }
}
