/**
 * The ActivityHandler every channel runs: message turns go through the main dialog; state is
 * saved after every turn (also after a failure, so nothing the resident said is lost).
 */
import { ActivityHandler, type BotState, type StatePropertyAccessor } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../dialogs/main-dialog';
import { awaitPrefetchedState } from './middleware/turn-prefetch-middleware';

/** The bot. */
export class MadoguchiBot extends ActivityHandler {
  private readonly dialogs: DialogSet;

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
      const dc = await this.dialogs.createContext(context);
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
