/**
 * A tiny test bot: answers in the language of the resident's message (real detector), with a
 * sources footer, citations in channelData and suggested actions — the shape the real bot sends.
 */
import { ActivityHandler, ActivityTypes, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { detectLanguage } from '../../../locales/detect-language';
import type { Lang } from '../../../locales/lang';
import type { BotLogic } from '../../../adapters/shared/channel-endpoint';

/** Reply texts per language (test data, not product text). */
export const ANSWERS: Record<Lang, string> = {
  ko: '신청은 주민센터나 온라인으로 할 수 있습니다.',
  ja: '申請は市役所の窓口かオンラインでできます。',
  en: 'You can apply at the service desk or online.',
};
export const GREETINGS: Record<Lang, string> = { ko: '안녕하세요!', ja: 'こんにちは!', en: 'Hello!' };
const FOOTER = '\n\nSources: [1] Guide';

/** Options of the test bot. */
export interface LanguageBotOptions {
  /** Waits this long before answering (a slow LLM). */
  delayMs?: number;
  /** Streams the answer in parts first (web chat). */
  stream?: boolean;
  /** Records each turn's `madoguchi.deadlineMs` turn state. */
  deadlines?: unknown[];
}

/** Builds the reply activity for a message. */
export function answerFor(text: string, fallback: Lang = 'en'): Partial<Activity> {
  const lang = detectLanguage(text, fallback);
  const reply = MessageFactory.suggestedActions(['Office hours', 'Talk to a person'], ANSWERS[lang] + FOOTER);
  reply.channelData = {
    madoguchi: { citations: [{ n: 1, title: 'Child allowance guide', url: 'https://city.example/child-allowance' }], sourcesFooter: 'Sources: [1] Guide' },
  };
  return reply;
}

/** The bot's turn logic. */
export function languageBot(options: LanguageBotOptions = {}): BotLogic {
  const handler = new ActivityHandler();
  handler.onMessage(async (context: TurnContext, next) => {
    options.deadlines?.push(context.turnState.get('madoguchi.deadlineMs'));
    await context.sendActivity({ type: ActivityTypes.Typing });
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const reply = answerFor(context.activity.text ?? '');
    if (options.stream) {
      const words = (reply.text ?? '').split(' ');
      for (let i = 1; i <= words.length; i++) {
        await context.sendActivity({
          type: ActivityTypes.Typing,
          text: words.slice(0, i).join(' '),
          entities: [{ type: 'streaminfo', streamId: 's1', streamType: 'streaming', streamSequence: i }],
        });
      }
      reply.entities = [{ type: 'streaminfo', streamId: 's1', streamType: 'final' }];
    }
    await context.sendActivity(reply);
    await next();
  });
  handler.onMembersAdded(async (context, next) => {
    const lang = (context.activity.locale ?? 'en').slice(0, 2) as Lang;
    await context.sendActivity(GREETINGS[lang] ?? GREETINGS.en);
    await next();
  });
  handler.onEvent(async (context, next) => {
    if (context.activity.name === 'proactive') await context.sendActivity('Officer: your application was received.');
    await next();
  });
  return (context) => handler.run(context);
}
