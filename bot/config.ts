/**
 * Configuration: the only module that reads the environment. Values come from the process
 * environment and an optional `.env` file, are validated once at start-up with a schema, and
 * an invalid value stops start-up with one line naming the variable and what is expected.
 * Every variable here is listed with its default in `.env.example`.
 */
import path from 'node:path';
import fs from 'node:fs';
import { isIP } from 'node:net';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { parseQuietHours } from '../alerts/quiet-hours';
import { DEFAULT_SETTINGS_FILES } from '../eligibility/references';

/** Where the bundled sample knowledge base lives (the default KB_DIR). */
export const BUNDLED_KB_DIR = path.resolve(__dirname, '..', ...(path.basename(path.resolve(__dirname, '..')) === 'dist' ? ['..'] : []), 'knowledge', 'sample-kb');

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .default(def ? 'true' : 'false')
    .transform((v) => (v === '' ? def : v === 'true' || v === '1' || v === 'yes'));
const int = (def: number, min: number, max: number) =>
  z
    .string()
    .default(String(def))
    .transform((v, ctx) => {
      const n = v.trim() === '' ? def : Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });
const url = (def: string) =>
  z
    .string()
    .default(def)
    .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'expected an http(s) URL');
const urlList = (def: string) =>
  z
    .string()
    .default(def)
    .transform((v, ctx) => {
      const items = v.split(',').map((s) => s.trim()).filter(Boolean);
      for (const item of items) {
        if (!/^https?:\/\/[^\s]+$/.test(item)) {
          ctx.addIssue({ code: 'custom', message: `expected comma-separated http(s) URLs, got "${item}"` });
          return z.NEVER;
        }
      }
      return items.map((s) => s.replace(/\/+$/, ''));
    });
const str = (def = '') => z.string().default(def);
/** Express's named address ranges for `trust proxy`. */
const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** An address or CIDR as Express's `trust proxy` (proxy-addr) accepts it. */
function isAddressOrCidr(item: string): boolean {
  if (PROXY_PRESETS.has(item)) return true;
  const [address, prefix, ...rest] = item.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}
/**
 * TRUST_PROXY: off (the socket's address is the client), a hop count, or the proxies' addresses.
 * `true` (trust every hop) is refused: any client could then choose its own address.
 */
const trustProxy = () =>
  z
    .string()
    .default('')
    .transform((v, ctx): false | number | string[] => {
      const value = v.trim();
      if (value === '' || value === 'false') return false;
      if (/^\d+$/.test(value)) {
        const hops = Number(value);
        if (hops <= 10) return hops === 0 ? false : hops;
      } else {
        const items = value.split(',').map((s) => s.trim()).filter(Boolean);
        if (items.length > 0 && items.every(isAddressOrCidr)) return items;
      }
      ctx.addIssue({ code: 'custom', message: 'expected false, a hop count from 0 to 10, or comma-separated proxy addresses/CIDRs (loopback, linklocal, uniquelocal, 10.0.0.0/8 …)' });
      return z.NEVER;
    });
/**
 * The hosts of the public Bot Framework channels' service URLs (Azure Bot Service, Teams, Direct
 * Line, US Government clouds). A `*.` prefix matches any subdomain; nothing else is a wildcard.
 */
export const DEFAULT_TRUSTED_SERVICE_HOSTS =
  '*.botframework.com,*.trafficmanager.net,*.botframework.azure.us,smba.infra.gov.teams.microsoft.us,smba.infra.dod.teams.microsoft.us';
const hostPatterns = (def: string) =>
  z
    .string()
    .default(def)
    .transform((v, ctx) => {
      const items = (v.trim() === '' ? def : v).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      for (const item of items) {
        if (!/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(item)) {
          ctx.addIssue({ code: 'custom', message: `expected comma-separated host names, optionally starting with "*.", got "${item}"` });
          return z.NEVER;
        }
      }
      return items;
    });
const time = (def: string) => z.string().default(def).refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'expected HH:MM (24-hour)');

/** The environment schema; keys are the variable names. */
const schema = z.object({
  // Host
  PORT: int(3978, 0, 65535),
  HOST: str('0.0.0.0'),
  PUBLIC_BASE_URL: url(''),
  BODY_LIMIT: str('256kb').refine((v) => /^\d+(b|kb|mb)$/i.test(v), 'expected a size such as 256kb or 1mb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: int(10000, 0, 600000),
  HTTP_KEEP_ALIVE_SECONDS: int(65, 1, 240),
  TRUST_PROXY: trustProxy(),
  // Metrics: a bearer token for /metrics on the main listener, and/or a separate listener
  METRICS_TOKEN: z.string().default('').refine((v) => v === '' || v.length >= 16, 'expected empty or a token of at least 16 characters'),
  METRICS_PORT: int(9464, 0, 65535),
  METRICS_HOST: str('127.0.0.1'),
  // Storage
  DATA_DIR: str('./data'),
  DATABASE_URL: z.string().default('').refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), 'expected a postgres:// URL or empty for embedded PGlite'),
  // Bot Framework (Azure Bot) credentials; empty MicrosoftAppId means anonymous (Emulator)
  MicrosoftAppId: str(''),
  MicrosoftAppPassword: str(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: str(''),
  // Without MicrosoftAppId, /api/messages refuses every request unless this development switch is on
  // (and then only from loopback): anyone could otherwise make the bot call a URL of their choosing.
  BOTFRAMEWORK_ALLOW_ANONYMOUS: bool(false),
  BOTFRAMEWORK_TRUSTED_SERVICE_HOSTS: hostPatterns(DEFAULT_TRUSTED_SERVICE_HOSTS),
  // Language and branding
  CITY_NAME: str(''),
  DEFAULT_LANGUAGE: z.enum(['ko', 'ja', 'en']).default('en'),
  // Knowledge and LLM
  KB_DIR: str(''),
  // The areas and income references that documents' `eligibility:` rules name (empty = the bundled
  // eligibility/areas.yaml and eligibility/income-references.yaml; a city adds its own areas here).
  ELIGIBILITY_AREAS_FILE: str(''),
  ELIGIBILITY_INCOME_REFERENCES_FILE: str(''),
  // An empty or wrong folder looks like "every document was deleted": imports may remove at most
  // this share of the live documents without `kb import --prune` (and never all of them).
  KB_MAX_REMOVE_SHARE: z
    .string()
    .default('0.2')
    .transform((v, ctx) => {
      const n = v.trim() === '' ? 0.2 : Number(v);
      if (!Number.isFinite(n) || n < 0 || n > 1) {
        ctx.addIssue({ code: 'custom', message: 'expected a number from 0 to 1' });
        return z.NEVER;
      }
      return n;
    }),
  KB_KEEP_VERSIONS: int(10, 1, 1000),
  OLLAMA_BASE_URL: urlList('http://127.0.0.1:11434'),
  OLLAMA_CHAT_MODEL: str('qwen2.5:3b'),
  OLLAMA_EMBED_MODEL: str('bge-m3'),
  OLLAMA_NUM_CTX: int(4096, 512, 131072),
  OLLAMA_TIMEOUT_MS: int(20000, 100, 600000),
  OLLAMA_HOST_CONCURRENCY: int(2, 1, 256),
  OLLAMA_QUEUE_LIMIT: int(200, 0, 100000),
  OLLAMA_HEALTH_INTERVAL_MS: int(15000, 500, 3600000),
  LLM_ENABLED: bool(true),
  ANSWER_CACHE_SIZE: int(500, 0, 1000000),
  TYPING_DELAY_MS: int(300, 0, 60000),
  // Safety and privacy
  REGION: z.enum(['KR', 'JP', 'XX']).default('KR'),
  HOTLINES_FILE: str(''),
  MAX_MESSAGE_CHARS: int(1000, 10, 100000),
  RATE_LIMIT_PER_RESIDENT_PER_MINUTE: int(20, 1, 100000),
  RATE_LIMIT_PER_IP_PER_MINUTE: int(120, 1, 1000000),
  OFFICER_LOGIN_PER_IP_PER_MINUTE: int(10, 1, 100000),
  RETENTION_DAYS: int(90, 1, 3650),
  // Service-demand insight (insight/): suppression threshold (never below 5), parity gap, gap questions read for topics
  INSIGHT_MIN_RESIDENTS: int(5, 5, 1000),
  INSIGHT_PARITY_GAP: z
    .string()
    .default('0.1')
    .transform((v, ctx) => {
      const n = v.trim() === '' ? 0.1 : Number(v);
      if (!Number.isFinite(n) || n < 0.01 || n > 0.5) {
        ctx.addIssue({ code: 'custom', message: 'expected a number from 0.01 to 0.5' });
        return z.NEVER;
      }
      return n;
    }),
  INSIGHT_TOPIC_QUESTIONS: int(2000, 100, 100000),
  // Channels (a channel whose settings are empty is off)
  WEBCHAT_ENABLED: bool(true),
  LINE_CHANNEL_SECRET: str(''),
  LINE_CHANNEL_ACCESS_TOKEN: str(''),
  LINE_API_BASE_URL: url('https://api.line.me'),
  KAKAO_SKILL_SECRET: str(''),
  KAKAO_CALLBACK_ENABLED: bool(false),
  TELEGRAM_BOT_TOKEN: str(''),
  TELEGRAM_WEBHOOK_SECRET: str(''),
  TELEGRAM_API_BASE_URL: url('https://api.telegram.org'),
  // Replay protection and the webhook inbox (adapters/shared/event-age.ts, inbox-runner.ts)
  WEBHOOK_MAX_AGE_SECONDS: int(600, 10, 86400),
  WEBHOOK_MAX_ATTEMPTS: int(5, 1, 100),
  WEBHOOK_INBOX_LEASE_SECONDS: int(120, 1, 3600),
  // Officers and hand-off
  SESSION_SECRET: z.string().default('').refine((v) => v === '' || v.length >= 32, 'expected empty (generated once and kept in the database) or at least 32 characters'),
  OFFICE_TIMEZONE: str('Asia/Seoul').refine((v) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return true;
    } catch {
      return false;
    }
  }, 'expected an IANA time zone such as Asia/Seoul'),
  OFFICE_OPEN: time('09:00'),
  OFFICE_CLOSE: time('18:00'),
  OFFICE_DAYS: str('1,2,3,4,5').refine((v) => v.split(',').every((d) => /^[0-6]$/.test(d.trim())), 'expected weekday numbers 0 (Sunday) to 6, comma-separated'),
  OFFICE_HOLIDAYS: str('').refine((v) => v === '' || v.split(',').every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.trim())), 'expected YYYY-MM-DD dates, comma-separated'),
  MINUTES_PER_HANDOFF: int(8, 1, 1440),
  HANDOFF_NOTIFY_WEBHOOK_URL: url(''),
  // New hand-offs per hour; a crisis is never refused (it joins the open hand-off or opens one)
  HANDOFF_LIMIT_PER_CONVERSATION_PER_HOUR: int(3, 1, 100000),
  HANDOFF_LIMIT_PER_CLIENT_PER_HOUR: int(5, 1, 100000),
  // Opt-in alerts (alerts/): announcements need a second publisher's approval unless ALERTS_FOUR_EYES=false
  ALERTS_ENABLED: bool(true),
  ALERTS_FOUR_EYES: bool(true),
  ALERTS_QUIET_HOURS: str('21:00-08:00').refine((v) => {
    try {
      parseQuietHours(v, 'UTC');
      return true;
    } catch {
      return false;
    }
  }, 'expected off, or comma-separated [REGION=]HH:MM-HH:MM[@Time/Zone] such as 21:00-08:00,JP=22:00-07:00@Asia/Tokyo'),
  ALERTS_RATES: str('line=2000,line_multicast=200,telegram=30,botframework=50').transform((v, ctx) => {
    const rates: Record<string, number> = {};
    for (const item of v.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^(line|line_multicast|telegram|botframework|kakao|webchat)=(\d+(?:\.\d+)?)$/.exec(item);
      if (!m?.[1]) {
        ctx.addIssue({ code: 'custom', message: `expected route=requests-per-second (line, line_multicast, telegram, botframework, kakao, webchat; 0 = unlimited), got "${item}"` });
        return z.NEVER;
      }
      rates[m[1]] = Number(m[2]);
    }
    return rates;
  }),
  // LINE residents with the same message go in multicast requests of up to this many (0 = push each)
  ALERTS_LINE_MULTICAST_MAX: int(500, 0, 500),
  ALERTS_LEASE_SECONDS: int(60, 5, 3600),
  ALERTS_MAX_ATTEMPTS: int(5, 1, 100),
  ALERTS_POLL_MS: int(2000, 20, 600000),
});

/** The validated configuration. */
export type Config = z.infer<typeof schema>;

/** Thrown when a variable is invalid; its message is the one line shown to the operator. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration.
 * @param env the environment (defaults to `process.env`)
 * @param envFile optional `.env` file; its values never override the real environment
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile: string | null = path.resolve('.env')): Config {
  const merged: Record<string, string | undefined> = {};
  if (envFile && fs.existsSync(envFile)) Object.assign(merged, parseDotenv(fs.readFileSync(envFile)));
  for (const key of Object.keys(schema.shape)) if (env[key] !== undefined) merged[key] = env[key];
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? '?');
    // A secret's value is never echoed (the line reaches logs); its length is what the operator needs.
    const given = /SECRET|TOKEN|PASSWORD/i.test(name) && merged[name] ? `<hidden, ${merged[name].length} characters>` : merged[name];
    throw new ConfigError(`Invalid configuration: ${name}=${given ?? ''} (${issue?.message ?? 'invalid'})`);
  }
  const config = parsed.data;
  if (config.KB_DIR === '') config.KB_DIR = BUNDLED_KB_DIR;
  if (config.ELIGIBILITY_AREAS_FILE === '') config.ELIGIBILITY_AREAS_FILE = DEFAULT_SETTINGS_FILES.areas;
  if (config.ELIGIBILITY_INCOME_REFERENCES_FILE === '') config.ELIGIBILITY_INCOME_REFERENCES_FILE = DEFAULT_SETTINGS_FILES.incomeReferences;
  return config;
}

/** Variable names in schema order (used to check `.env.example` stays complete). */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);
