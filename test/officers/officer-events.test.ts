/**
 * Live updates across instances: two Database handles on one PostgreSQL database stand for two bot
 * instances. A resident message handled by instance A reaches an officer's SSE stream on instance B.
 */
import assert from 'node:assert/strict';
import { openDatabase } from '../../storage/open-database';
import type { Database } from '../../storage/database';
import { OfficerEvents, type OfficerEvent } from '../../officers/officer-events';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';
import { openSse } from '../adapters/helpers/sse-client';
import { escalation, listen, officerFixture, until, type OfficerFixture } from './helpers';

describe('officer live events across instances (PostgreSQL LISTEN/NOTIFY)', function () {
  this.timeout(60000);
  let pg: ThrowawayPostgres;
  let dbA: Database;
  let dbB: Database;

  before(async function () {
    await requirePostgres(this);
    pg = await createThrowawayPostgres();
    dbA = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
    dbB = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
  });
  after(async () => {
    await dbA?.close();
    await dbB?.close();
    await pg?.drop();
  });

  it('when instance A publishes, then a bus on instance B receives it (and A itself too)', async () => {
    const a = new OfficerEvents(dbA);
    const b = new OfficerEvents(dbB);
    await a.start();
    await b.start();
    const gotA: OfficerEvent[] = [];
    const gotB: OfficerEvent[] = [];
    a.subscribe((e) => gotA.push(e));
    b.subscribe((e) => gotB.push(e));
    await a.publish({ type: 'handoff.created', handoffId: 'h-1', status: 'queued', priority: 'urgent' });
    await until(() => gotB.length === 1 && gotA.length === 1);
    assert.deepEqual(gotB[0], { type: 'handoff.created', handoffId: 'h-1', status: 'queued', priority: 'urgent' });
    await a.stop();
    await b.stop();
  });

  it('when a resident escalates and writes through instance A, then the officer console stream on instance B shows both live', async () => {
    let fa: OfficerFixture | undefined;
    let fb: OfficerFixture | undefined;
    let server: Awaited<ReturnType<typeof listen>> | undefined;
    let sse: Awaited<ReturnType<typeof openSse>> | undefined;
    try {
      fa = await officerFixture(dbA);
      fb = await officerFixture(dbB);
      await fb.createOfficer('officer', 'live@city.example');
      server = await listen(fb.app);
      const login = await fetch(`${server.url}/api/officer/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'live@city.example', password: 'correct horse battery' }),
      });
      const { token } = (await login.json()) as { token: string };
      sse = await openSse(`${server.url}/api/officer/events`, token);
      assert.equal(sse.status, 200);
      await until(() => sse!.events.some((e) => e.event === 'ready'));
      const ticket = await fa.gateway.escalate(escalation('live-1'));
      await fa.gateway.onResidentMessage('line', 'live-1', 'Are you there?', 'en');
      await until(() => sse!.events.some((e) => e.event === 'handoff.message'));
      const created = sse.events.find((e) => e.event === 'handoff.created')!.data as OfficerEvent;
      assert.equal(created.handoffId, ticket.handoffId);
      const message = sse.events.find((e) => e.event === 'handoff.message')!.data as OfficerEvent;
      assert.equal(message.author, 'resident');
      // No message text or personal data travels through NOTIFY.
      assert.ok(!JSON.stringify(sse.events).includes('Are you there?'));
      // Instance B reads the queue that instance A wrote.
      const queue = await fetch(`${server.url}/api/officer/handoffs`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(((await queue.json()) as { handoffs: { id: string }[] }).handoffs[0].id, ticket.handoffId);
    } finally {
      sse?.close();
      await server?.close();
      await fa?.stop();
      await fb?.stop();
    }
  });
});
