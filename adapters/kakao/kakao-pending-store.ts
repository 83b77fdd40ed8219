/**
 * Messages waiting for a Kakao resident's next utterance. Kakao skills cannot push: an officer's
 * reply, or an answer that finished after the 5-second limit, is delivered with the skill
 * response to whatever the resident sends next. (Real push needs Kakao's event API or
 * BizMessage, which are separate contracts; see the channel documentation.)
 */
import type { Activity } from 'botbuilder';

/** The part of an outgoing activity kept for later delivery. */
export type StoredKakaoActivity = Pick<Partial<Activity>, 'type' | 'text' | 'locale' | 'suggestedActions' | 'channelData'>;

/** Keeps the subset needed to render it again (no ids, no conversation details). */
export function toStored(activity: Partial<Activity>): StoredKakaoActivity {
  const madoguchi: unknown = (activity.channelData as { madoguchi?: unknown } | undefined)?.madoguchi;
  return {
    type: activity.type ?? 'message',
    ...(activity.text !== undefined ? { text: activity.text } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(activity.suggestedActions ? { suggestedActions: activity.suggestedActions } : {}),
    ...(madoguchi !== undefined ? { channelData: { madoguchi } } : {}),
  };
}

/**
 * Where queued messages come from: `turn`, the bot's own answer that finished after Kakao's time
 * limit; `proactive`, a message sent outside the resident's turn (an officer's reply, a system
 * notice), which never passed the masking middleware.
 */
export type KakaoPendingSource = 'turn' | 'proactive';

/** A per-resident queue. */
export interface KakaoPendingStore {
  /** Appends messages for a resident. */
  enqueue(userId: string, activities: StoredKakaoActivity[], source?: KakaoPendingSource): Promise<void>;
  /** Removes and returns everything waiting for a resident, oldest first. */
  takeAll(userId: string): Promise<StoredKakaoActivity[]>;
}

/** Single-process queue (tests, or a deployment of one instance). */
export class MemoryKakaoPendingStore implements KakaoPendingStore {
  private readonly queues = new Map<string, StoredKakaoActivity[]>();

  /** @inheritdoc */
  enqueue(userId: string, activities: StoredKakaoActivity[]): Promise<void> {
    this.queues.set(userId, [...(this.queues.get(userId) ?? []), ...activities]);
    return Promise.resolve();
  }

  /** @inheritdoc */
  takeAll(userId: string): Promise<StoredKakaoActivity[]> {
    const items = this.queues.get(userId) ?? [];
    this.queues.delete(userId);
    return Promise.resolve(items);
  }
}
