/** Reads a text/event-stream response in tests. */

/** One parsed SSE event. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/** Opens an SSE stream; `events` fills as they arrive; `close()` aborts. */
export async function openSse(url: string, token: string): Promise<{ status: number; events: SseEvent[]; close: () => void }> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: ctrl.signal });
  const events: SseEvent[] = [];
  if (res.ok && res.body) {
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let event = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data += line.slice(5).trim();
            }
            if (data) events.push({ event, data: JSON.parse(data) as unknown });
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return { status: res.status, events, close: () => ctrl.abort() };
}
