/**
 * The hand-off lifecycle through the gateway (the bot's side) and the service (the officer's side),
 * on PGlite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { DRIVERS, requirePostgres, type TestDatabase } from '../helpers/test-databases';
import { InvalidTransitionError } from '../../officers/officer-errors';
import { canTransition } from '../../officers/handoff-status';
import { HandoffNotifier, type HandoffNotice } from '../../officers/handoff-notifier';
import { escalation, officerFixture, residentSays, type OfficerFixture } from './helpers';

for (const driver of DRIVERS) {
  describe(`hand-off lifecycle (${driver.name})`, function () {
    this.timeout(60000);
    let tdb: TestDatabase;
    let f: OfficerFixture;
    const notices: HandoffNotice[] = [];
    const summaries: string[][] = [];
    let notifier: HandoffNotifier;
    let releaseSummary: () => void = () => undefined;

    before(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
      tdb = await driver.open();
    });
    after(async () => tdb?.dispose());
    beforeEach(async () => {
      await tdb.db.exec('TRUNCATE handoff_messages, handoffs, officer_sessions, officers, transcript, conversation_refs CASCADE');
      notices.length = 0;
      summaries.length = 0;
      const gate = new Promise<void>((resolve) => (releaseSummary = resolve));
      notifier = new HandoffNotifier({
        webhookUrl: 'http://hooks.test/x',
        fetch: async (_url, init) => {
          notices.push(JSON.parse(init?.body as string) as HandoffNotice);
          return new Response('ok');
        },
      });
      f = await officerFixture(tdb.db, {
        notifier,
        summarizer: {
          summarize: async (lines) => {
            summaries.push(lines);
            await gate;
            return 'LLM: resident needs help with housing benefit.';
          },
        },
      });
    });
    afterEach(async () => {
      releaseSummary();
      await f?.stop();
    });

    it('when many conversations ask for their hand-off phase at once, then each gets its own answer', async () => {
      await f.gateway.escalate(escalation('phase-open-1'));
      await f.gateway.escalate(escalation('phase-open-2', { channelId: 'telegram' }));
      const asked: [string, string][] = [
        ['line', 'phase-open-1'],
        ['line', 'phase-none'],
        ['telegram', 'phase-open-2'],
        ['line', 'phase-open-2'],
        ['line', 'phase-open-1'],
      ];
      const phases = await Promise.all(asked.map(([channel, conversation]) => f.gateway.openPhase(channel, conversation)));
      assert.deepEqual(phases, ['queued', null, 'queued', null, 'queued']);
    });

    it('when a resident escalates during office hours, then the hand-off is queued with position, expected wait, an extractive then LLM summary and a webhook notice', async () => {
      const req = escalation('c1');
      await residentSays(f, req, 'Hello.', 'My housing benefit of 300,000 won stopped in March.');
      const ticket = await f.gateway.escalate(req);
      assert.equal(ticket.position, 1);
      assert.equal(ticket.withinOfficeHours, true);
      assert.equal(ticket.expectedWaitMinutes, 8);
      assert.equal(ticket.nextOpening, undefined);
      assert.equal(await f.gateway.openPhase('line', 'c1'), 'queued');
      const stored = await f.handoffs.require(ticket.handoffId);
      assert.match(stored.summary, /300,000 won/);
      assert.doesNotMatch(stored.summary, /^Hello/);
      releaseSummary();
      await f.gateway.drain();
      await notifier.drain();
      assert.equal((await f.handoffs.require(ticket.handoffId)).summary, 'LLM: resident needs help with housing benefit.');
      assert.deepEqual(summaries[0], ['Hello.', 'My housing benefit of 300,000 won stopped in March.', 'I want to talk to a person about my housing benefit.']);
      assert.equal(notices.length, 1);
      assert.equal(notices[0].handoffId, ticket.handoffId);
      assert.match(notices[0].text, /New hand-off/);
      assert.match(ticket.handoffId, /^[0-9a-f-]{36}$/);
    });

    it('when the same conversation escalates again, then the open hand-off is reused; a crisis upgrades it to urgent and to the front', async () => {
      const a = await f.gateway.escalate(escalation('a'));
      f.clock.advance(60_000);
      const b = await f.gateway.escalate(escalation('b'));
      assert.equal(b.position, 2);
      assert.equal(b.expectedWaitMinutes, 16);
      const again = await f.gateway.escalate(escalation('b'));
      assert.equal(again.handoffId, b.handoffId);
      const urgent = await f.gateway.escalate(escalation('b', { priority: 'urgent', reason: 'crisis' }));
      assert.equal(urgent.handoffId, b.handoffId);
      assert.equal(urgent.priority, 'urgent');
      assert.equal(urgent.position, 1);
      const queue = await f.handoffs.list('queued');
      assert.deepEqual(queue.map((h) => h.id), [b.handoffId, a.handoffId]);
      await notifier.drain();
      assert.equal(notices.filter((n) => n.priority === 'urgent').length, 1);
    });

    it('when it is outside office hours, then the ticket says so with the next opening (09:00 Seoul on Monday)', async () => {
      f.clock.at = new Date('2026-03-06T12:00:00Z'); // Friday 21:00 in Seoul
      const ticket = await f.gateway.escalate(escalation('late'));
      assert.equal(ticket.withinOfficeHours, false);
      assert.equal(ticket.expectedWaitMinutes, 0);
      assert.equal(ticket.nextOpening, '2026-03-09T00:00:00.000Z');
    });

    it('when the resident writes while queued, then messages are stored, acknowledged at most once per 5 minutes, and silent while an officer has it', async () => {
      const t = await f.gateway.escalate(escalation('q'));
      assert.deepEqual(await f.gateway.onResidentMessage('line', 'q', 'Any news?', 'en'), { kind: 'forwarded_silently' });
      f.clock.advance(5 * 60_000 + 1);
      assert.deepEqual(await f.gateway.onResidentMessage('line', 'q', 'Hello?', 'en'), { kind: 'forwarded_with_ack', position: 1 });
      assert.deepEqual(await f.gateway.onResidentMessage('line', 'q', 'Still there?', 'en'), { kind: 'forwarded_silently' });
      const officer = await f.createOfficer('officer');
      await f.service.claim(t.handoffId, officer);
      f.clock.advance(10 * 60_000);
      assert.deepEqual(await f.gateway.onResidentMessage('line', 'q', 'Thank you', 'en'), { kind: 'forwarded_silently' });
      const texts = (await f.handoffs.messages(t.handoffId)).filter((m) => m.author === 'resident').map((m) => m.text);
      assert.deepEqual(texts, ['Any news?', 'Hello?', 'Still there?', 'Thank you']);
    });

    for (const phrase of ['취소', '봇으로 돌아가기', 'キャンセル', 'cancel', 'Back to bot!']) {
      it(`when the resident says "${phrase}", then the hand-off is cancelled and the bot has the conversation again`, async () => {
        const t = await f.gateway.escalate(escalation('x'));
        assert.deepEqual(await f.gateway.onResidentMessage('line', 'x', phrase, 'ko'), { kind: 'cancelled' });
        assert.equal(await f.gateway.openPhase('line', 'x'), null);
        assert.equal((await f.handoffs.require(t.handoffId)).status, 'cancelled');
      });
    }

    it('when a resident asks how to cancel an application, then it is a message for the officer, not a cancellation', async () => {
      await f.gateway.escalate(escalation('y'));
      assert.deepEqual(await f.gateway.onResidentMessage('line', 'y', '신청 취소는 어떻게 해요?', 'ko'), { kind: 'forwarded_silently' });
      assert.equal(await f.gateway.openPhase('line', 'y'), 'queued');
    });

    it('when an officer claims, replies, and resolves, then the states and timestamps follow the lifecycle and the resident gets each message on their channel', async () => {
      const req = escalation('loop');
      await residentSays(f, req, 'I need a person.');
      const t = await f.gateway.escalate(req);
      const officer = await f.createOfficer('officer');
      f.clock.advance(1000);
      const claimed = await f.service.claim(t.handoffId, officer);
      assert.equal(claimed.status, 'assigned');
      assert.equal(claimed.assignedOfficerId, officer.id);
      assert.equal(await f.gateway.openPhase('line', 'loop'), 'assigned');
      f.clock.advance(1000);
      await f.service.sendMessage(t.handoffId, officer, 'Hello, I am Officer Kim.');
      const active = await f.handoffs.require(t.handoffId);
      assert.equal(active.status, 'active');
      assert.ok(active.activeAt! > active.assignedAt! && active.assignedAt! > active.queuedAt!);
      await f.service.resolve(t.handoffId, officer, 'explained the appeal procedure');
      const resolved = await f.handoffs.require(t.handoffId);
      assert.equal(resolved.status, 'resolved');
      assert.equal(resolved.outcome, 'explained the appeal procedure');
      assert.equal(await f.gateway.openPhase('line', 'loop'), null);
      const sent = f.senders.get('line')!.sent;
      assert.deepEqual(
        sent.map((s) => [s.conversationId, s.author]),
        [
          ['loop', 'system'],
          ['loop', 'officer'],
          ['loop', 'system'],
        ],
      );
      assert.equal(sent[1].text, 'Hello, I am Officer Kim.');
      assert.match(sent[2].text, /talking to the bot again/);
      const lines = await f.transcript.list('line', 'loop');
      assert.ok(lines.some((l) => l.author === 'officer' && l.text === 'Hello, I am Officer Kim.'));
      // Reopening after resolve starts a new hand-off rather than landing in the closed one.
      const again = await f.gateway.escalate(req);
      assert.notEqual(again.handoffId, t.handoffId);
    });

    it('when a transition is not allowed, then a typed InvalidTransitionError names both states', async () => {
      const t = await f.gateway.escalate(escalation('inv'));
      const officer = await f.createOfficer('officer');
      await assert.rejects(f.service.resolve(t.handoffId, await f.createOfficer('supervisor'), 'x').then(() => f.service.claim(t.handoffId, officer)), (err: unknown) => {
        assert.ok(err instanceof InvalidTransitionError);
        assert.equal(err.from, 'resolved');
        assert.equal(err.to, 'assigned');
        return true;
      });
      assert.equal(canTransition('resolved', 'active'), false);
      assert.equal(canTransition('queued', 'active'), false);
      assert.equal(canTransition('assigned', 'active'), true);
    });

    it('when two officers claim the same hand-off at once, then exactly one wins', async () => {
      const t = await f.gateway.escalate(escalation('race'));
      const [o1, o2] = [await f.createOfficer('officer'), await f.createOfficer('officer')];
      const results = await Promise.allSettled([f.service.claim(t.handoffId, o1), f.service.claim(t.handoffId, o2)]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const rejected = results.find((r) => r.status === 'rejected');
      assert.ok(rejected && rejected.reason instanceof InvalidTransitionError);
    });

    it('when the channel cannot deliver, then the message is kept as failed with a typed error, and a retry delivers it', async () => {
      const t = await f.gateway.escalate(escalation('fail'));
      const officer = await f.createOfficer('officer');
      await f.service.claim(t.handoffId, officer);
      f.senders.get('line')!.failing = true;
      await assert.rejects(f.service.sendMessage(t.handoffId, officer, 'Are you there?'), { name: 'DeliveryError', status: 502 });
      const kept = (await f.handoffs.messages(t.handoffId)).find((m) => m.author === 'officer')!;
      assert.equal(kept.delivery, 'failed');
      f.senders.get('line')!.failing = false;
      const retried = await f.service.retryMessage(t.handoffId, kept.id, officer);
      assert.equal(retried.delivery, 'sent');
      assert.equal(f.senders.get('line')!.sent.at(-1)!.text, 'Are you there?');
    });

    it('when an officer takes over a conversation with no hand-off, then it is assigned to them and the bot goes silent', async () => {
      const req = escalation('take', { channelId: 'webchat' });
      await residentSays(f, req, 'What documents do I need?');
      assert.equal(await f.gateway.openPhase('webchat', 'take'), null, 'the bot has the conversation (remembered on PGlite)');
      const officer = await f.createOfficer('officer');
      const h = await f.service.takeover('webchat', 'take', officer);
      assert.equal(h.status, 'assigned');
      assert.equal(h.reason, 'officer_takeover');
      assert.equal(await f.gateway.openPhase('webchat', 'take'), 'assigned');
      assert.equal(f.senders.get('webchat')!.sent.length, 1);
    });
  });
}
