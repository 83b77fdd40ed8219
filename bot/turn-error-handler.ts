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
import { HandoffLimitedError } from '../officers/rate-limited-handoff-gateway';

/** Builds the `onTurnError` function adapters call when a turn throws. */
export function createTurnErrorHandler(log: Logger, defaultLang: Lang) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const conversationId = context.activity.conversation?.id;
    // A refused hand-off is not a fault: the gateway logged it, the resident is told to wait.
    const limited = isHandoffLimited(error);
    if (!limited) log.error({ err: error, conversationId, channelId: context.activity.channelId }, 'turn failed');
    const lang = context.turnState.get<Lang | undefined>(TURN_LANG_KEY) ?? detectLanguage(context.activity.text ?? '', defaultLang);
    try {
      await context.sendActivity({ type: 'message', text: t(lang, limited ? 'core.handoff.limited' : 'core.error'), locale: lang });
    } catch (sendError) {
      log.error({ err: sendError, conversationId }, 'could not send the apology');
    }
  };
}

/** True when the error, or one it wraps (botbuilder-dialogs' DialogContextError keeps it in `error`), is a refused hand-off. */
function isHandoffLimited(error: unknown, depth = 0): boolean {
  if (error instanceof HandoffLimitedError) return true;
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { error: inner, cause } = error as { error?: unknown; cause?: unknown };
  return isHandoffLimited(inner, depth + 1) || isHandoffLimited(cause, depth + 1);
}
