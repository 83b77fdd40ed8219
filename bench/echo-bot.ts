/**
 * The reference the load bench compares against: a bare botbuilder echo bot — plain Express,
 * CloudAdapter (anonymous, as for the Emulator), one `sendActivity` per turn, conversation state
 * in MemoryStorage. Nothing else: no logging, no security headers, no transcript.
 */
import express, { type Express } from 'express';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
} from 'botbuilder';

/** Builds the echo bot's Express app (no listen). */
export function createEchoApp(): Express {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
  const state = new ConversationState(new MemoryStorage());
  const turns = state.createProperty<number>('turns');
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await turns.set(context, ((await turns.get(context, 0)) ?? 0) + 1);
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await next();
  });
  const app = express();
  app.post('/api/messages', express.json({ limit: '256kb' }), async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await bot.run(context);
      await state.saveChanges(context, false);
    });
  });
  return app;
}
