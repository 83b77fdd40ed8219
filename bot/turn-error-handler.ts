/**
 * The one turn-error handler: logs with the conversation id and sends the resident a localised
 * apology — never a stack trace or an error message.
 */
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { detectLanguage } from '../locales/detect-language';
import { t } from '../locales/i18n';
import type { Lang } from '../locales/lang';
import { TURN_LANG_KEY } from '../dialogs/conversation-data';

/** Builds the `onTurnError` function adapters call when a turn throws. */
export function createTurnErrorHandler(log: Logger, defaultLang: Lang) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const conversationId = context.activity.conversation?.id;
    log.error({ err: error, conversationId, channelId: context.activity.channelId }, 'turn failed');
    const lang = context.turnState.get<Lang | undefined>(TURN_LANG_KEY) ?? detectLanguage(context.activity.text ?? '', defaultLang);
    try {
      await context.sendActivity({ type: 'message', text: t(lang, 'core.error'), locale: lang });
    } catch (sendError) {
      log.error({ err: sendError, conversationId }, 'could not send the apology');
    }
  };
}
