/**
 * A light stand-in for a Bot Framework channel's `serviceUrl`, for load runs: it answers every
 * `POST /v3/conversations/{id}/activities[/{replyToId}]` with 200 and counts message activities
 * per conversation, without keeping bodies or parsing JSON (at thousands of turns per second the
 * sink must cost less than the bot it measures).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running sink. */
export interface BenchSink {
  url: string;
  /** Message activities received (typing and other activities are not counted). */
  readonly messages: number;
  /** Every activity received, messages or not. */
  readonly activities: number;
  /** Message activities received for one conversation id. */
  messagesFor(conversationId: string): number;
  /** Forgets the per-conversation counts (between phases). */
  reset(): void;
  close(): Promise<void>;
}

const PATH = /^\/v3\/conversations\/([^/]+)\/activities/;

/** Starts a sink on 127.0.0.1 with a free port. */
export async function startBenchSink(): Promise<BenchSink> {
  let messages = 0;
  let activities = 0;
  let counter = 0;
  let perConversation = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      activities += 1;
      // A substring test is enough to tell messages from typing indicators here.
      if (Buffer.concat(chunks).includes('"type":"message"')) {
        messages += 1;
        const id = PATH.exec(req.url ?? '')?.[1];
        if (id !== undefined) {
          const key = decodeURIComponent(id);
          perConversation.set(key, (perConversation.get(key) ?? 0) + 1);
        }
      }
      const body = `{"id":"sink-${++counter}"}`;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 30000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get messages() {
      return messages;
    },
    get activities() {
      return activities;
    },
    messagesFor: (conversationId) => perConversation.get(conversationId) ?? 0,
    reset: () => {
      perConversation = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
