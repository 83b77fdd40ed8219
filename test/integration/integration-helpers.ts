/**
 * Shared pieces of the end-to-end suites: an environment that keeps the office open whatever the
 * hour, a small knowledge base on disk with a nursery document, signed LINE webhooks, the officer
 * API over fetch, and polling.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signLineBody } from '../../adapters/line/line-signature';
import { BUNDLED_KB_DIR } from '../../bot/config';

/** The LINE channel settings every suite uses with the fake LINE API. */
export const LINE_SECRET = 'integration-line-channel-secret';
export const LINE_TOKEN = 'integration-line-access-token';

/**
 * Office-hour settings under which the office is open now: a fixed-offset zone where it is about
 * noon, every weekday. The queue message (position and wait) is then the one residents get.
 */
export function officeOpenNowEnv(now = new Date()): Record<string, string> {
  const offset = 12 - now.getUTCHours(); // -11 … +12, all of which exist as Etc/GMT zones
  // Etc/GMT signs are inverted: Etc/GMT-9 is UTC+9.
  const zone = offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  return { OFFICE_TIMEZONE: zone, OFFICE_OPEN: '06:00', OFFICE_CLOSE: '20:00', OFFICE_DAYS: '0,1,2,3,4,5,6', OFFICE_HOLIDAYS: '' };
}

/** Office hours under which the office is closed right now (it opens at 20:00 in a zone where it is about noon). */
export function officeClosedNowEnv(now = new Date()): Record<string, string> {
  return { ...officeOpenNowEnv(now), OFFICE_OPEN: '20:00', OFFICE_CLOSE: '23:00' };
}

/** A nursery document: the only one that answers "保育所の申込みはいつまで？". */
export const NURSERY_DOC = `---
id: sakuradai-nursery-admission
title: 保育所の入所申込み (Nursery Admission, Sakuradai City)
lang: ja
domain: childcare
region: JP
updated: 2025-09-01
source_url: https://city.example/sakuradai/nursery
tags: [保育所, 保育園, 入所, 申込み, 子育て]
---
# 保育所の入所申込み

保護者が仕事や病気などで家庭で保育できない0歳から5歳の子どもは、市の認可保育所に入所できます。

## 申込みの期限

- 4月からの入所の申込みは、前年の11月1日から11月28日までです。
- 年度の途中からの入所は、入所を希望する月の前月10日までに申し込みます。

## 申込み方法

1. 保育所の入所申込書を保育課の窓口に提出するか、市のホームページから電子申請します。
2. 結果は2月中旬に郵送でお知らせします。

## 問い合わせ先

- さくら台市 保育課 電話 0422-00-2400
`;

/** The deadline sentence an extractive answer about nursery applications must quote. */
export const NURSERY_DEADLINE = '11月1日から11月28日まで';

/**
 * Writes a knowledge base folder: the bundled Sakuradai documents (so ordinary questions still
 * find their programmes) plus `extra` files.
 */
export function writeKb(extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-kb-'));
  for (const file of fs.readdirSync(BUNDLED_KB_DIR)) {
    if (file.startsWith('sakuradai-') && file.endsWith('.md')) fs.copyFileSync(path.join(BUNDLED_KB_DIR, file), path.join(dir, file));
  }
  for (const [file, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/** A correctly signed LINE webhook carrying one text message. */
export interface SignedLineWebhook {
  raw: string;
  signature: string;
  replyToken: string;
  webhookEventId: string;
}

/** Builds a one-to-one text event from `userId`, signed with {@link LINE_SECRET}. */
export function lineTextWebhook(userId: string, text: string, webhookEventId = `01J${randomBytes(12).toString('hex').toUpperCase()}`): SignedLineWebhook {
  const replyToken = randomBytes(16).toString('hex');
  const raw = JSON.stringify({
    destination: 'U0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    events: [
      {
        type: 'message',
        message: { type: 'text', id: String(Date.now()) + randomBytes(2).readUInt16BE(0), quoteToken: 'q', text },
        webhookEventId,
        deliveryContext: { isRedelivery: false },
        timestamp: Date.now(),
        source: { type: 'user', userId },
        replyToken,
        mode: 'active',
      },
    ],
  });
  return { raw, signature: signLineBody(raw, LINE_SECRET), replyToken, webhookEventId };
}

/** POSTs a signed webhook to `${baseUrl}/webhooks/line`; returns the status. */
export async function postLine(baseUrl: string, hook: SignedLineWebhook): Promise<number> {
  const res = await fetch(`${baseUrl}/webhooks/line`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': hook.signature }, body: hook.raw });
  await res.arrayBuffer();
  return res.status;
}

/** A new LINE user id (U + 32 hex digits, as LINE issues them). */
export function lineUserId(): string {
  return `U${randomBytes(16).toString('hex')}`;
}

/** A JSON answer from the officer API. */
export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Calls the officer API (or any JSON route) as curl would, with an optional Bearer token. */
export async function api<T = Record<string, unknown>>(baseUrl: string, method: string, route: string, token?: string, body?: unknown): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed as T };
}

/** Logs in through `POST /api/officer/login`; returns the Bearer token. */
export async function officerToken(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await api<{ token?: string; error?: string }>(baseUrl, 'POST', '/api/officer/login', undefined, { email, password });
  if (res.status !== 200 || !res.body.token) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** Polls until `cond` holds; the error names `what`. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits `ms` (used only to give a wrongly sent message the time to arrive before asserting none did). */
export const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
