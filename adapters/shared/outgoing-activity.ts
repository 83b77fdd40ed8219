/**
 * Reads what the bot put in an outgoing Activity, in one place for every platform: the text
 * (optionally without its sources footer), suggested actions, citations and streaming info.
 */
import type { Activity } from 'botbuilder';

/** One cited source. */
export interface Citation {
  n: number;
  title: string;
  url?: string;
}

/** A quick reply / suggested action button. */
export interface QuickAction {
  /** What the button shows. */
  title: string;
  /** What is sent back as the resident's message when pressed. */
  value: string;
}

/** Streaming details the bot attaches to `typing` (partial) and final `message` activities. */
export interface StreamInfo {
  streamId: string;
  streamType: 'streaming' | 'final' | 'informative';
  streamSequence?: number;
}

/** The platform-neutral content of one outgoing message. */
export interface OutgoingContent {
  /** The text; without the sources footer when `citations` are rendered natively. */
  text: string;
  citations: Citation[];
  actions: QuickAction[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Citations from `channelData.madoguchi`, validated (bad entries dropped). */
export function citationsOf(activity: Partial<Activity>): { citations: Citation[]; sourcesFooter?: string } {
  const data: unknown = isRecord(activity.channelData) ? activity.channelData.madoguchi : undefined;
  if (!isRecord(data)) return { citations: [] };
  const list = Array.isArray(data.citations) ? (data.citations as unknown[]) : [];
  const citations: Citation[] = [];
  for (const c of list) {
    if (!isRecord(c) || typeof c.title !== 'string') continue;
    const url = typeof c.url === 'string' && /^https?:\/\//.test(c.url) ? c.url : undefined;
    citations.push({ n: typeof c.n === 'number' ? c.n : citations.length + 1, title: c.title, ...(url ? { url } : {}) });
  }
  const sourcesFooter = typeof data.sourcesFooter === 'string' && data.sourcesFooter ? data.sourcesFooter : undefined;
  return { citations, ...(sourcesFooter ? { sourcesFooter } : {}) };
}

/** Suggested actions as `{title, value}` (imBack/postBack/messageBack; others dropped). */
export function actionsOf(activity: Partial<Activity>): QuickAction[] {
  const actions = activity.suggestedActions?.actions ?? [];
  const out: QuickAction[] = [];
  for (const a of actions) {
    const value = typeof a.value === 'string' ? a.value : typeof a.text === 'string' ? a.text : a.title;
    const title = a.title || value;
    if (typeof title === 'string' && title && typeof value === 'string' && value) out.push({ title, value });
  }
  return out;
}

/** Streaming info from the activity's entities, when present. */
export function streamInfoOf(activity: Partial<Activity>): StreamInfo | undefined {
  for (const e of activity.entities ?? []) {
    const r = e as unknown as Record<string, unknown>;
    if (r.type === 'streaminfo' && typeof r.streamId === 'string') {
      const t = r.streamType === 'final' || r.streamType === 'informative' ? r.streamType : 'streaming';
      return { streamId: r.streamId, streamType: t, ...(typeof r.streamSequence === 'number' ? { streamSequence: r.streamSequence } : {}) };
    }
  }
  return undefined;
}

/**
 * The message content; when `nativeCitations` is true and the bot gave citations, the textual
 * sources footer is removed from the text because the platform renders the citations itself.
 */
export function contentOf(activity: Partial<Activity>, nativeCitations: boolean): OutgoingContent {
  const { citations, sourcesFooter } = citationsOf(activity);
  let text = typeof activity.text === 'string' ? activity.text : '';
  if (nativeCitations && citations.length > 0 && sourcesFooter) {
    const at = text.lastIndexOf(sourcesFooter);
    if (at >= 0) text = (text.slice(0, at) + text.slice(at + sourcesFooter.length)).trim();
  }
  return { text: text.trim(), citations: nativeCitations ? citations : [], actions: actionsOf(activity) };
}
