/**
 * Quiet hours by region (ALERTS_QUIET_HOURS): while a region's local time is inside its window, its
 * residents' deliveries wait in the outbox and go out when the window ends. The setting is a
 * comma-separated list of `[REGION=]HH:MM-HH:MM[@Time/Zone]`; an entry without a region applies to
 * every region not named, an entry without a zone uses the default zone (OFFICE_TIMEZONE). A window
 * may cross midnight (`21:00-08:00`). `off` or empty: no quiet hours.
 */
import type { QuietNow } from './outbox';

/** One region's window. */
export interface QuietWindow {
  /** Minutes after midnight, local time. */
  from: number;
  to: number;
  timeZone: string;
}

/** Parsed quiet hours. */
export interface QuietHoursSpec {
  byRegion: Map<string, QuietWindow>;
  others: QuietWindow | null;
}

const ENTRY = /^(?:([A-Z]{2})=)?([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)(?:@([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*))?$/;

/** Parses the setting; throws with the offending entry when it is malformed. */
export function parseQuietHours(value: string, defaultZone: string): QuietHoursSpec {
  const spec: QuietHoursSpec = { byRegion: new Map(), others: null };
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'off') return spec;
  for (const raw of trimmed.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = ENTRY.exec(raw);
    if (!m) throw new Error(`"${raw}" is not [REGION=]HH:MM-HH:MM[@Time/Zone]`);
    const timeZone = m[6] ?? defaultZone;
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new Error(`"${raw}": unknown time zone ${timeZone}`);
    }
    const window: QuietWindow = { from: Number(m[2]) * 60 + Number(m[3]), to: Number(m[4]) * 60 + Number(m[5]), timeZone };
    if (m[1]) spec.byRegion.set(m[1], window);
    else spec.others = window;
  }
  return spec;
}

/** Minutes after local midnight in a time zone. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** Whether `at` falls inside the window. */
export function isQuiet(window: QuietWindow, at: Date): boolean {
  if (window.from === window.to) return false;
  const m = localMinutes(at, window.timeZone);
  return window.from < window.to ? m >= window.from && m < window.to : m >= window.from || m < window.to;
}

/** Which regions are quiet at `at`. */
export class QuietHours {
  constructor(private readonly spec: QuietHoursSpec) {}

  /** The regions quiet now, as the outbox's claim takes them. */
  now(at: Date = new Date()): QuietNow {
    const configured = [...this.spec.byRegion.keys()];
    return {
      configured,
      quiet: configured.filter((r) => isQuiet(this.spec.byRegion.get(r)!, at)),
      othersQuiet: this.spec.others ? isQuiet(this.spec.others, at) : false,
    };
  }

  /** Whether a region is quiet at `at`. */
  isQuiet(region: string, at: Date = new Date()): boolean {
    const window = this.spec.byRegion.get(region) ?? this.spec.others;
    return window ? isQuiet(window, at) : false;
  }
}
