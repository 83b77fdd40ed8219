/** Shared fixtures for the eligibility tests: the bundled settings and sample KB, and an in-memory ProfileStore. */
import path from 'node:path';
import { loadPrograms } from '../../eligibility/program-loader';
import { loadEligibilitySettings, type EligibilitySettings } from '../../eligibility/references';
import type { Profile } from '../../eligibility/profile';
import type { ProfileStore, StoredProfile } from '../../eligibility/ports';
import type { EligibilityProgram } from '../../eligibility/types';

/** The bundled sample knowledge base. */
export const SAMPLE_KB = path.resolve(__dirname, '..', '..', 'knowledge', 'sample-kb');

/** The bundled income references and areas. */
export const settings: EligibilitySettings = loadEligibilitySettings();

/** The bundled programs (loaded once per test run). */
export function samplePrograms(): EligibilityProgram[] {
  return loadPrograms(SAMPLE_KB, settings).programs;
}

/** A ProfileStore in a Map, recording calls. */
export class MemoryProfileStore implements ProfileStore {
  readonly rows = new Map<string, StoredProfile>();
  saves = 0;

  get(channelId: string, userId: string): Promise<StoredProfile | null> {
    return Promise.resolve(this.rows.get(`${channelId}/${userId}`) ?? null);
  }

  save(channelId: string, userId: string, profile: Profile): Promise<void> {
    this.saves += 1;
    const now = new Date();
    const prev = this.rows.get(`${channelId}/${userId}`);
    this.rows.set(`${channelId}/${userId}`, { profile: structuredClone(profile), consentedAt: prev?.consentedAt ?? now, updatedAt: now });
    return Promise.resolve();
  }

  delete(channelId: string, userId: string): Promise<boolean> {
    return Promise.resolve(this.rows.delete(`${channelId}/${userId}`));
  }
}
