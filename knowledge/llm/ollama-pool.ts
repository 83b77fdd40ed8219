/**
 * The Ollama pool: several Ollama hosts (OLLAMA_BASE_URL lists them) shared by every conversation
 * of this instance. It hands out a lease on the least-busy healthy host, caps concurrent requests
 * per host (a small GPU serves 1–4 generations at a time; more only adds latency), keeps a bounded
 * FIFO wait queue for the overflow (callers learn their position so the resident can be told to
 * wait), answers "busy" when the queue is full (the caller then answers extractively — nobody is
 * dropped), runs health checks and a circuit breaker per host, and reports its state for /readyz.
 * It logs once which mode is in use and again only when the mode changes.
 */
import type { Logger } from 'pino';
import { CircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker';

/** One host as shown on /readyz. */
export interface PoolHostStatus {
  url: string;
  healthy: boolean;
  inFlight: number;
  breaker: BreakerState;
}

/** The pool's state for /readyz. */
export interface PoolStatus {
  /** `llm` when at least one host can take requests; otherwise answers are extractive. */
  mode: 'llm' | 'extractive';
  hosts: PoolHostStatus[];
  /** Callers waiting for a slot. */
  queueDepth: number;
  queueLimit: number;
  hostConcurrency: number;
}

/** How a leased request ended, for the breaker. */
export type LeaseOutcome = 'success' | 'failure' | 'neutral';

/** A slot on one host; release it exactly once. */
export interface PoolLease {
  readonly url: string;
  release(outcome: LeaseOutcome): void;
}

/** Result of {@link OllamaPool.acquire}. */
export type AcquireResult =
  | { status: 'ok'; lease: PoolLease }
  | { status: 'busy'; queueDepth: number }
  | { status: 'unavailable'; reason: 'disabled' | 'no_host' | 'aborted' };

/** Per-call options of {@link OllamaPool.acquire}. */
export interface AcquireOptions {
  /** Gives up waiting (the result is `unavailable`/`aborted`). */
  signal?: AbortSignal;
  /** Called when the caller has to wait, with its 1-based position in the queue. */
  onQueued?: (position: number) => void;
}

/** Pool settings (from OLLAMA_* configuration). */
export interface OllamaPoolOptions {
  /** OLLAMA_BASE_URL, already split into a list. */
  baseUrls: readonly string[];
  /** OLLAMA_HOST_CONCURRENCY: concurrent requests per host. */
  hostConcurrency: number;
  /** OLLAMA_QUEUE_LIMIT: callers that may wait for a slot; beyond that `busy`. */
  queueLimit: number;
  /** OLLAMA_HEALTH_INTERVAL_MS: interval of `GET /api/tags` checks once {@link OllamaPool.start} is called. */
  healthIntervalMs: number;
  /** Timeout of one health check (default 3 000 ms). */
  healthTimeoutMs?: number;
  /** LLM_ENABLED; when false the pool is always `extractive`. */
  enabled?: boolean;
  breaker?: Omit<CircuitBreakerOptions, 'now'>;
  now?: () => number;
  log: Logger;
  /** fetch used for health checks (injectable for tests). */
  fetch?: typeof fetch;
}

interface Host {
  url: string;
  healthy: boolean;
  inFlight: number;
  breaker: CircuitBreaker;
}

interface Waiter {
  resolve: (result: AcquireResult) => void;
  cleanup: () => void;
}

/** A least-busy, bounded, health-checked pool of Ollama hosts. */
export class OllamaPool {
  private readonly hosts: Host[];
  private readonly queue: Waiter[] = [];
  private readonly enabled: boolean;
  private readonly hostConcurrency: number;
  private readonly queueLimit: number;
  private readonly healthTimeoutMs: number;
  private readonly log: Logger;
  private readonly fetchFn: typeof fetch;
  private timer: NodeJS.Timeout | null = null;
  private rotation = 0;
  private loggedMode: 'llm' | 'extractive' | null = null;
  /** Whether a health check has completed (until then the mode is a guess, and the log says so). */
  private checked = false;
  private loggedChecked = false;

  constructor(private readonly options: OllamaPoolOptions) {
    this.enabled = (options.enabled ?? true) && options.baseUrls.length > 0;
    this.hostConcurrency = Math.max(1, options.hostConcurrency);
    this.queueLimit = Math.max(0, options.queueLimit);
    this.healthTimeoutMs = options.healthTimeoutMs ?? 3_000;
    this.log = options.log;
    this.fetchFn = options.fetch ?? fetch;
    this.hosts = options.baseUrls.map((url) => ({
      url: url.replace(/\/+$/, ''),
      healthy: true,
      inFlight: 0,
      breaker: new CircuitBreaker({ ...options.breaker, now: options.now }),
    }));
    this.updateMode();
  }

  /** Starts periodic health checks (the first runs at once); not started in unit tests unless asked. */
  start(): void {
    if (this.timer || !this.enabled) return;
    void this.checkHealth();
    this.timer = setInterval(() => void this.checkHealth(), this.options.healthIntervalMs);
    this.timer.unref();
  }

  /** Stops health checks and turns away everyone still waiting. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const waiter of this.queue.splice(0)) {
      waiter.cleanup();
      waiter.resolve({ status: 'unavailable', reason: 'no_host' });
    }
  }

  /** Checks every host with `GET /api/tags` once; never throws. */
  async checkHealth(): Promise<void> {
    await Promise.all(
      this.hosts.map(async (host) => {
        let healthy = false;
        try {
          const res = await this.fetchFn(`${host.url}/api/tags`, { signal: AbortSignal.timeout(this.healthTimeoutMs) });
          healthy = res.ok;
          await res.body?.cancel();
        } catch {
          healthy = false;
        }
        if (healthy !== host.healthy) this.log.info({ host: host.url, healthy }, 'Ollama host health changed');
        host.healthy = healthy;
      }),
    );
    this.checked = true;
    this.updateMode();
    this.dispatch();
  }

  /** Current state for /readyz. */
  status(): PoolStatus {
    return {
      mode: this.updateMode(),
      hosts: this.hosts.map((h) => ({ url: h.url, healthy: h.healthy, inFlight: h.inFlight, breaker: h.breaker.state })),
      queueDepth: this.queue.length,
      queueLimit: this.queueLimit,
      hostConcurrency: this.hostConcurrency,
    };
  }

  /** The mode now: `llm` when some host is healthy and its breaker is not open. */
  get mode(): 'llm' | 'extractive' {
    return this.updateMode();
  }

  /**
   * Gets a slot on the least-busy usable host, waiting in the bounded queue when all slots are
   * taken. Never throws: `busy` when the queue is full, `unavailable` when no host is usable.
   */
  acquire(options: AcquireOptions = {}): Promise<AcquireResult> {
    if (!this.enabled) return Promise.resolve({ status: 'unavailable', reason: 'disabled' });
    if (options.signal?.aborted) return Promise.resolve({ status: 'unavailable', reason: 'aborted' });
    if (!this.hosts.some((h) => this.usable(h))) {
      this.updateMode();
      return Promise.resolve({ status: 'unavailable', reason: 'no_host' });
    }
    if (this.queue.length === 0) {
      const lease = this.tryLease();
      if (lease) return Promise.resolve({ status: 'ok', lease });
    }
    if (this.queue.length >= this.queueLimit) return Promise.resolve({ status: 'busy', queueDepth: this.queue.length });
    return new Promise<AcquireResult>((resolve) => {
      const signal = options.signal;
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        resolve({ status: 'unavailable', reason: 'aborted' });
      };
      const waiter: Waiter = { resolve, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      options.onQueued?.(this.queue.length);
    });
  }

  private usable(host: Host): boolean {
    return host.healthy && host.breaker.canRequest();
  }

  private tryLease(): PoolLease | null {
    let best: Host | null = null;
    const n = this.hosts.length;
    for (let k = 0; k < n; k++) {
      // Rotating the start spreads ties across hosts instead of always filling the first.
      const host = this.hosts[(this.rotation + k) % n];
      if (!this.usable(host) || host.inFlight >= this.hostConcurrency) continue;
      if (!best || host.inFlight < best.inFlight) best = host;
    }
    if (!best) return null;
    this.rotation = (this.rotation + 1) % n;
    const host = best;
    host.inFlight += 1;
    host.breaker.onStart();
    let released = false;
    return {
      url: host.url,
      release: (outcome: LeaseOutcome) => {
        if (released) return;
        released = true;
        host.inFlight -= 1;
        if (outcome === 'success') {
          host.breaker.recordSuccess();
          host.healthy = true;
        } else if (outcome === 'failure') host.breaker.recordFailure();
        else host.breaker.recordNeutral();
        this.updateMode();
        this.dispatch();
      },
    };
  }

  /** Hands free slots to waiters in FIFO order; turns waiters away when no host is usable at all. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      if (!this.hosts.some((h) => this.usable(h) || (h.healthy && h.inFlight > 0 && h.breaker.state !== 'open'))) {
        for (const waiter of this.queue.splice(0)) {
          waiter.cleanup();
          waiter.resolve({ status: 'unavailable', reason: 'no_host' });
        }
        return;
      }
      const lease = this.tryLease();
      if (!lease) return;
      const waiter = this.queue.shift() as Waiter;
      waiter.cleanup();
      waiter.resolve({ status: 'ok', lease });
    }
  }

  private updateMode(): 'llm' | 'extractive' {
    const mode = this.enabled && this.hosts.some((h) => h.healthy && h.breaker.state !== 'open') ? 'llm' : 'extractive';
    // Logged when the mode changes, and once the first health check replaced the start-up guess.
    if (mode !== this.loggedMode || (this.checked && !this.loggedChecked)) {
      this.loggedChecked = this.checked;
      const why = !this.enabled
        ? 'LLM disabled or no Ollama host configured'
        : mode === 'extractive'
          ? 'no Ollama host reachable'
          : this.checked
            ? 'Ollama reachable'
            : 'Ollama not checked yet';
      const hosts = this.hosts.map((h) => h.url);
      if (this.loggedMode === null || mode === this.loggedMode) this.log.info({ mode, hosts }, `answer mode: ${mode} (${why})`);
      else this.log.warn({ mode, hosts }, `answer mode changed to ${mode} (${why})`);
      this.loggedMode = mode;
    }
    return mode;
  }
}
