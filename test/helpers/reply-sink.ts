/**
 * A local stand-in for a Bot Framework channel's serviceUrl: records every activity the bot POSTs
 * to `/v3/conversations/{id}/activities[/{replyToId}]` and answers like the connector does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded outgoing activity. */
export interface SunkActivity {
  /** POST for a new activity or reply, PUT for an update. */
  method: string;
  path: string;
  activity: { type: string; text?: string; locale?: string; channelData?: unknown; suggestedActions?: unknown; [k: string]: unknown };
}

/** A running sink. */
export interface ReplySink {
  url: string;
  received: SunkActivity[];
  /** Resolves when `count` message activities (not typing) have arrived, or rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<SunkActivity[]>;
  close(): Promise<void>;
}

/** Starts a sink on 127.0.0.1 with a free port. */
export async function startReplySink(): Promise<ReplySink> {
  const received: SunkActivity[] = [];
  let counter = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      try {
        received.push({ method: req.method ?? '', path: req.url ?? '', activity: JSON.parse(body || '{}') as SunkActivity['activity'] });
      } catch {
        // not JSON: still answer, the test will see nothing recorded
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sink-${++counter}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const messages = () => received.filter((r) => r.activity.type === 'message');
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async waitForMessages(count, timeoutMs = 10000) {
      const deadline = Date.now() + timeoutMs;
      while (messages().length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages at the sink, got ${messages().length}: ${JSON.stringify(received.map((r) => r.activity.text))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An Emulator-style message activity whose replies go to `sink`. */
export function emulatorActivity(sink: ReplySink, conversationId: string, text: string, id = `m-${Math.random().toString(36).slice(2)}`) {
  return {
    type: 'message',
    id,
    channelId: 'emulator',
    serviceUrl: sink.url,
    from: { id: `user-${conversationId}`, name: 'Resident' },
    recipient: { id: 'bot', name: 'Madoguchi' },
    conversation: { id: conversationId },
    text,
    timestamp: new Date().toISOString(),
  };
}
