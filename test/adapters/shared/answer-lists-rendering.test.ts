import assert from 'node:assert/strict';
import { answerActivity } from '../../../dialogs/answer-reply';
import type { Answer } from '../../../knowledge/ports';
import { activitiesToLineMessages } from '../../../adapters/line/line-mapping';
import { activitiesToSkillResponse } from '../../../adapters/kakao/kakao-mapping';
import { activityToTelegramMessages } from '../../../adapters/telegram/telegram-mapping';
import { activityToWebchatEvent } from '../../../adapters/webchat/webchat-mapping';

const answer: Answer = {
  status: 'answered',
  mode: 'extractive',
  confidence: 0.9,
  text: '기초연금 · 신청 방법 [1]\n\n1. 한 달 전부터 신청합니다.\n2. 행정복지센터를 방문합니다.\n\n구비 서류\n\n- 신분증\n- 통장 사본\n\n(2025-01-15 기준 공식 문서 원문)',
  citations: [{ n: 1, docId: 'hanbit-basic-pension', title: '기초연금', url: 'https://www.hanbit.example.kr/welfare/basic-pension', updated: '2025-01-15' }],
  followUps: [{ title: '문의처', value: '기초연금 문의처' }],
};
const activity = answerActivity(answer, 'ko');

describe('Answer lists on each channel', () => {
  it('when the answer is sent on Teams / Bot Framework, then it stays Markdown: numbered steps and "- " items on their own lines', () => {
    assert.match(activity.text ?? '', /\n1\. 한 달 전부터 신청합니다\.\n2\. 행정복지센터를 방문합니다\.\n/);
    assert.match(activity.text ?? '', /\n- 신분증\n- 통장 사본\n/);
    assert.deepEqual(activity.suggestedActions?.actions.map((a) => [a.title, String(a.value)]), [['문의처', '기초연금 문의처']]);
  });

  it('when the answer is sent on LINE, then items are "• " lines, steps keep numbers, the follow-up is a quick reply and the source URL is listed', () => {
    const [m] = activitiesToLineMessages([activity], 'ko');
    assert.match(m.text, /\n1\. 한 달 전부터 신청합니다\.\n2\. 행정복지센터를 방문합니다\.\n/);
    assert.match(m.text, /\n• 신분증\n• 통장 사본\n/);
    assert.match(m.text, /https:\/\/www\.hanbit\.example\.kr\/welfare\/basic-pension/);
    assert.deepEqual(m.quickReply?.items.map((i) => [i.action.label, i.action.text]), [['문의처', '기초연금 문의처']]);
  });

  it('when the answer is sent on KakaoTalk, then items are "• " lines and the follow-up is a quick reply', () => {
    const r = activitiesToSkillResponse([activity], 'ko', '');
    const text = r.template.outputs.map((o) => ('simpleText' in o ? o.simpleText.text : '')).join('\n');
    assert.match(text, /\n• 신분증\n• 통장 사본\n/);
    assert.match(text, /\n1\. 한 달 전부터 신청합니다\.\n2\./);
    assert.deepEqual(r.template.quickReplies?.map((q) => [q.label, q.messageText]), [['문의처', '기초연금 문의처']]);
  });

  it('when the answer is sent on Telegram, then items are "• " lines and the follow-up is a button', () => {
    const [m] = activityToTelegramMessages(activity, '42', 'ko');
    assert.match(m.text, /\n• 신분증\n• 통장 사본\n/);
    assert.match(m.text, /\n1\. 한 달 전부터 신청합니다\.\n2\./);
    assert.equal(m.reply_markup?.inline_keyboard[0][0].text, '문의처');
  });

  it('when the answer is sent to the web widget, then items are "• " lines (the widget shows plain text)', () => {
    const e = activityToWebchatEvent(activity);
    assert.ok(e && e.type === 'message');
    assert.match(e.text, /\n• 신분증\n• 통장 사본\n/);
    assert.deepEqual(e.actions, [{ title: '문의처', value: '기초연금 문의처' }]);
  });
});
