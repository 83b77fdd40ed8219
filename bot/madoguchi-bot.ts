/**
 * The ActivityHandler every channel runs: message turns go through the main dialog; state is
 * saved after every turn (also after a failure, so nothing the resident said is lost).
 */
import { ActivityHandler, type BotState, type StatePropertyAccessor } from 'botbuilder';
import { DialogSet, type DialogState, type DialogStateManagerConfiguration } from 'botbuilder-dialogs';
import type { MainDialog } from '../dialogs/main-dialog';
import { awaitPrefetchedState } from './middleware/turn-prefetch-middleware';

/**
 * Turn-state key under which botbuilder-dialogs' DialogStateManager looks for its memory scopes
 * and path resolvers before building them (a library constant it does not export; the bot's test
 * checks that the configuration given here is the one used).
 */
export const DIALOG_STATE_MANAGER_CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

/** The bot. */
export class MadoguchiBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  /**
   * The dialog memory configuration the first turn built. Its scopes and resolvers hold no
   * per-turn data, and the library would otherwise build a fresh set in every turn.
   */
  private stateManagerConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(
    private readonly conversationState: BotState,
    private readonly userState: BotState,
    dialogState: StatePropertyAccessor<DialogState>,
    mainDialog: MainDialog,
  ) {
    super();
    this.dialogs = new DialogSet(dialogState);
    this.dialogs.add(mainDialog);
    const mainId = mainDialog.id;

    this.onMessage(async (context, next) => {
      if (this.stateManagerConfiguration) context.turnState.set(DIALOG_STATE_MANAGER_CONFIGURATION_KEY, this.stateManagerConfiguration);
      const dc = await this.dialogs.createContext(context);
      this.stateManagerConfiguration ??= dc.state.configuration;
      const result = await dc.continueDialog();
      if (result.status === 'empty') await dc.beginDialog(mainId);
      await next();
    });
  }

  override async run(context: Parameters<ActivityHandler['run']>[0]): Promise<void> {
    try {
      await awaitPrefetchedState(context);
      await super.run(context);
    } finally {
      await this.conversationState.saveChanges(context, false);
      await this.userState.saveChanges(context, false);
    }
  }
}
