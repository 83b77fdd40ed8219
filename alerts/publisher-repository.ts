/**
 * The publisher role: officers allowed to compose and approve announcements (table
 * `alert_publishers`). It is granted by an admin on top of the officer's role; admins always hold
 * it.
 */
import type { Database } from '../storage/database';

/** Grants, revokes and checks the publisher role. */
export class PublisherRepository {
  constructor(private readonly db: Database) {}

  /** Whether the officer may publish (admins always may). */
  async isPublisher(officer: { id: string; role: string }): Promise<boolean> {
    if (officer.role === 'admin') return true;
    const { rows } = await this.db.query('SELECT 1 FROM alert_publishers WHERE officer_id = $1', [officer.id]);
    return rows.length > 0;
  }

  /** Grants the role; false when the officer had it already. */
  async grant(officerId: string, grantedBy: string): Promise<boolean> {
    const r = await this.db.query('INSERT INTO alert_publishers (officer_id, granted_by) VALUES ($1, $2) ON CONFLICT DO NOTHING', [officerId, grantedBy]);
    return r.affectedRows === 1;
  }

  /** Revokes the role; false when the officer did not have it. */
  async revoke(officerId: string): Promise<boolean> {
    const r = await this.db.query('DELETE FROM alert_publishers WHERE officer_id = $1', [officerId]);
    return r.affectedRows === 1;
  }

  /** Officer ids holding the role by grant. */
  async list(): Promise<{ officerId: string; grantedBy: string; grantedAt: string }[]> {
    const { rows } = await this.db.query<{ officer_id: string; granted_by: string; granted_at: Date | string }>('SELECT officer_id, granted_by, granted_at FROM alert_publishers ORDER BY granted_at');
    return rows.map((r) => ({ officerId: r.officer_id, grantedBy: r.granted_by, grantedAt: new Date(r.granted_at).toISOString() }));
  }
}
