/** Mounts one channel endpoint on a fresh Express app on port 0, as bot/app.ts does. */
import fs from 'node:fs';
import express from 'express';
import type { BotLogic, ChannelEndpoint } from '../../../adapters/shared/channel-endpoint';
import { disabledChannelRouter } from '../../../adapters/shared/disabled-channel-router';
import { listen, type Served } from '../../helpers/listen';

export type { Served } from '../../helpers/listen';

/** Serves `endpoint` (or its disabled router) and optional extra routers. */
export async function serve(endpoint: ChannelEndpoint, bot: BotLogic, extra?: (app: express.Express) => void): Promise<Served> {
  const app = express();
  extra?.(app);
  app.use(endpoint.mountPath, endpoint.enabled ? endpoint.router(bot) : disabledChannelRouter(endpoint.disabledReason ?? 'off'));
  return listen(app);
}

/** Reads a fixture as raw text and parsed JSON. */
export function fixture(platform: string, name: string): { raw: string; json: unknown } {
  const raw = fs.readFileSync(`${__dirname}/../../fixtures/${platform}/${name}.json`, 'utf8');
  return { raw, json: JSON.parse(raw) as unknown };
}

/** Polls `cond` until true or `timeoutMs`. */
export async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
