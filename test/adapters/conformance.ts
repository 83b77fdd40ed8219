/**
 * The conformance suite every channel adapter runs: replays the recorded payloads in
 * `test/fixtures/<platform>/` through the adapter's pure mapping and checks the invariants the
 * rest of the system relies on, then renders hostile outgoing activities and checks the
 * platform's limits hold and nothing the bot said is silently dropped.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';

/** What an adapter's test supplies. */
export interface ConformanceSpec {
  channelId: 'line' | 'kakao' | 'telegram' | 'webchat';
  /** Maps one fixture to the activities it yields (null for ignored events). */
  toActivities(payload: unknown): (Partial<Activity> | null)[];
  /** The resident texts inside a fixture (must reach `activity.text`, never channelData). */
  textsOf(payload: unknown): string[];
  /** Renders a turn's outgoing activities in the platform's form. */
  render(activities: Partial<Activity>[]): unknown;
  /** Throws when the rendered output breaks a platform limit. */
  checkLimits(rendered: unknown): void;
  /** All text a resident would see in the rendered output. */
  visibleText(rendered: unknown): string;
  /** False when the platform must shorten long answers (Kakao: 3 × 1000 characters). */
  lossless: boolean;
}

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

function longText(): string {
  const para = '기초연금은 만 65세 이상 어르신 중 소득인정액이 선정기준액 이하인 분께 지급됩니다. 児童手当の申請は出生の翌日から15日以内です。 Apply online or at the desk. ';
  return Array.from({ length: 120 }, (_, i) => `${i}. ${para}`).join('\n');
}

/** Registers the suite's tests in the calling `describe`. */
export function runConformance(spec: ConformanceSpec): void {
  const dir = path.join(FIXTURES, spec.channelId);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

  describe(`conformance (${spec.channelId})`, () => {
    it('when the fixtures are replayed, then there is at least one and each maps without throwing', () => {
      assert.ok(files.length > 0, 'no fixtures');
      for (const f of files) spec.toActivities(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    });

    for (const f of files) {
      it(`when ${f} is mapped, then each activity carries ids, addresses and the synthetic serviceUrl, and no resident text in channelData`, () => {
        const payload: unknown = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
        const activities = spec.toActivities(payload).filter((a): a is Partial<Activity> => a !== null);
        const texts = spec.textsOf(payload);
        for (const a of activities) {
          assert.equal(a.channelId, spec.channelId);
          assert.ok(a.id, 'id');
          assert.ok(a.timestamp instanceof Date && !Number.isNaN(a.timestamp.getTime()), 'timestamp');
          assert.ok(a.conversation?.id, 'conversation.id');
          assert.ok(a.from?.id, 'from.id');
          assert.ok(a.recipient?.id, 'recipient.id');
          assert.equal(a.serviceUrl, `https://${spec.channelId}.madoguchi.local`);
          assert.equal(typeof (a.channelData as { clientIp?: unknown }).clientIp, 'string', 'channelData.clientIp');
          const data = JSON.stringify(a.channelData);
          for (const t of texts) assert.ok(!data.includes(t), `resident text leaked into channelData in ${f}`);
          if (a.type === 'message') assert.equal(typeof a.text, 'string');
        }
        const mapped = activities.filter((a) => a.type === 'message').map((a) => a.text);
        for (const t of texts) assert.ok(mapped.includes(t), `text of ${f} did not reach activity.text`);
      });
    }

    it('when an answer is far longer than the platform allows, then limits hold and (where lossless) no text is lost', () => {
      const text = longText();
      const rendered = spec.render([{ type: 'message', text }]);
      spec.checkLimits(rendered);
      const visible = spec.visibleText(rendered).replace(/\s+/g, '');
      if (spec.lossless) assert.equal(visible, text.replace(/\s+/g, ''));
      else assert.ok(visible.startsWith(text.slice(0, 500).replace(/\s+/g, '')));
    });

    it('when there are many long suggested actions, then buttons stay within limits and keep their order', () => {
      const actions = Array.from({ length: 25 }, (_, i) => ({ type: 'imBack', title: `선택지 ${i} — a very long button title that goes on`, value: `value ${i} ${'x'.repeat(80)}` }));
      const rendered = spec.render([{ type: 'message', text: 'Choose one', suggestedActions: { to: [], actions } }]);
      spec.checkLimits(rendered);
      assert.ok(spec.visibleText(rendered).includes('Choose one'));
    });

    it('when the bot gives citations and a sources footer, then citations are shown with their links and the footer is not duplicated', () => {
      const footer = 'Sources: [1] Welfare guide; [2] Tax FAQ';
      const rendered = spec.render([
        {
          type: 'message',
          text: `Apply at the desk.\n\n${footer}`,
          channelData: {
            madoguchi: {
              sourcesFooter: footer,
              citations: [
                { n: 1, title: 'Welfare guide', url: 'https://city.example/welfare' },
                { n: 2, title: 'Tax FAQ' },
              ],
            },
          },
        },
      ]);
      spec.checkLimits(rendered);
      const visible = spec.visibleText(rendered);
      assert.ok(visible.includes('Apply at the desk.'));
      assert.ok(!visible.includes(footer), 'footer should be replaced by native citations');
      assert.ok(visible.includes('Welfare guide') && visible.includes('Tax FAQ'));
      assert.ok(JSON.stringify(rendered).includes('https://city.example/welfare'));
    });

    it('when the turn has only typing or empty activities, then rendering does not throw', () => {
      spec.checkLimits(spec.render([{ type: 'typing' }, { type: 'message', text: '' }]));
    });
  });
}
