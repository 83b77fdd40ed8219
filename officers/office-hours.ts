/**
 * Office hours in the office's own time zone: open on the configured weekdays between OPEN and
 * CLOSE, except on holidays. Daylight-saving changes are handled by resolving local times through
 * `Intl` rather than with fixed offsets.
 */

/** Settings (from OFFICE_TIMEZONE, OFFICE_OPEN, OFFICE_CLOSE, OFFICE_DAYS, OFFICE_HOLIDAYS). */
export interface OfficeHoursSettings {
  /** IANA time zone, e.g. `Asia/Seoul`. */
  timeZone: string;
  /** `HH:MM`, 24-hour. */
  open: string;
  /** `HH:MM`, 24-hour; closing time is exclusive. */
  close: string;
  /** Weekdays 0 (Sunday) to 6, as numbers or the comma-separated config string. */
  days: number[] | string;
  /** `YYYY-MM-DD` local dates, as a list or the comma-separated config string. */
  holidays: string[] | string;
}

interface LocalParts {
  date: string;
  weekday: number;
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Answers "is the office open now?" and "when does it open next?". */
export class OfficeHours {
  private readonly openMin: number;
  private readonly closeMin: number;
  private readonly days: Set<number>;
  private readonly holidays: Set<string>;
  private readonly fmt: Intl.DateTimeFormat;

  constructor(private readonly settings: OfficeHoursSettings) {
    this.openMin = toMinutes(settings.open);
    this.closeMin = toMinutes(settings.close);
    const days = typeof settings.days === 'string' ? settings.days.split(',').filter((d) => d.trim() !== '').map(Number) : settings.days;
    this.days = new Set(days);
    const holidays = typeof settings.holidays === 'string' ? settings.holidays.split(',') : settings.holidays;
    this.holidays = new Set(holidays.map((d) => d.trim()).filter(Boolean));
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: settings.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
  }

  /** True when `now` falls within office hours. */
  isOpen(now: Date): boolean {
    const local = this.local(now);
    return this.isWorkday(local.date, local.weekday) && local.minutes >= this.openMin && local.minutes < this.closeMin;
  }

  /** The next opening time after `now` (`now` itself is never returned), or null if none within a year. */
  nextOpening(now: Date): Date | null {
    const today = this.local(now);
    const [y, m, d] = today.date.split('-').map(Number) as [number, number, number];
    for (let offset = 0; offset <= 370; offset++) {
      // Calendar arithmetic on a UTC date avoids the time zone entirely.
      const day = new Date(Date.UTC(y, m - 1, d + offset));
      const date = day.toISOString().slice(0, 10);
      if (!this.isWorkday(date, day.getUTCDay())) continue;
      const opening = this.instant(date, this.openMin);
      if (opening.getTime() > now.getTime()) return opening;
    }
    return null;
  }

  private isWorkday(date: string, weekday: number): boolean {
    return this.days.has(weekday) && !this.holidays.has(date);
  }

  private local(at: Date): LocalParts {
    const parts: Record<string, string> = {};
    for (const p of this.fmt.formatToParts(at)) parts[p.type] = p.value;
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }

  /** The UTC instant of a local date and time in the office's zone. */
  private instant(date: string, minutes: number): Date {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const wall = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
    // Guess with the offset at the wall time, then correct once (enough across a DST change).
    let guess = wall - this.offsetMs(new Date(wall));
    guess = wall - this.offsetMs(new Date(guess));
    return new Date(guess);
  }

  /** The zone's offset from UTC at an instant, in milliseconds. */
  private offsetMs(at: Date): number {
    const l = this.local(at);
    const [y, m, d] = l.date.split('-').map(Number) as [number, number, number];
    const asUtc = Date.UTC(y, m - 1, d, Math.floor(l.minutes / 60), l.minutes % 60);
    return asUtc - Math.floor(at.getTime() / 60000) * 60000;
  }
}
