/**
 * In-memory fakes of the dialog ports, for dialog tests with botbuilder's TestAdapter (the real
 * implementations are tested in their own suites and wired together in the server tests).
 */
import type {
  Answer,
  AnswerRequest,
  AnswerService,
  EscalationRequest,
  HandoffGateway,
  HandoffPhase,
  HandoffTicket,
  Hotline,
  HotlineDirectory,
  MessageTriage,
  ResidentMessageOutcome,
  Route,
  TurnOutcome,
  TurnOutcomeSink,
} from '../../dialogs/ports';

/** Routes by the first matching substring; default `answer`. */
export class TableTriage implements MessageTriage {
  constructor(private readonly table: [string, Route][]) {}
  classify(text: string): Route {
    return this.table.find(([needle]) => text.includes(needle))?.[1] ?? { kind: 'answer' };
  }
}

/** Answers from a table of question substrings; `not_sure` otherwise. */
export class TableAnswers implements AnswerService {
  readonly requests: AnswerRequest[] = [];
  constructor(
    /** Question substring, answer text, and the retrieval confidence (default 0.9). */
    private readonly table: [string, string, number?][],
    private readonly partials: string[] = [],
    /** How long each answer takes (ms). */
    private readonly delayMs = 0,
  ) {}
  async answer(request: AnswerRequest, onPartial?: (t: string) => Promise<void>): Promise<Answer> {
    this.requests.push(request);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const hit = this.table.find(([q]) => request.question.includes(q));
    if (!hit) return { status: 'not_sure', text: '', citations: [], mode: 'extractive', confidence: 0.1 };
    for (const p of this.partials) await onPartial?.(p);
    return {
      status: 'answered',
      text: `${hit[1]} [1]`,
      citations: [{ n: 1, docId: 'doc-1', title: 'Doc One', url: 'https://city.example/doc-1' }],
      mode: 'llm',
      confidence: hit[2] ?? 0.9,
    };
  }
}

/** Records escalations; phases set by the test. */
export class RecordingHandoff implements HandoffGateway {
  readonly escalations: EscalationRequest[] = [];
  readonly forwarded: string[] = [];
  phase: HandoffPhase | null = null;
  nextOutcome: ResidentMessageOutcome = { kind: 'forwarded_silently' };
  withinOfficeHours = true;
  async escalate(request: EscalationRequest): Promise<HandoffTicket> {
    this.escalations.push(request);
    this.phase = 'queued';
    return {
      handoffId: `h${this.escalations.length}`,
      priority: request.priority,
      position: 2,
      withinOfficeHours: this.withinOfficeHours,
      expectedWaitMinutes: 16,
      nextOpening: this.withinOfficeHours ? undefined : '2026-11-24T00:00:00.000Z',
    };
  }
  async openPhase(): Promise<HandoffPhase | null> {
    return this.phase;
  }
  async onResidentMessage(_c: string, _id: string, text: string): Promise<ResidentMessageOutcome> {
    this.forwarded.push(text);
    if (this.nextOutcome.kind === 'cancelled') this.phase = null;
    return this.nextOutcome;
  }
}

/** One hotline per call. */
export class FixedHotlines implements HotlineDirectory {
  hotlines(): Hotline[] {
    return [{ name: 'Crisis Line', phone: '109', hours: '24h', source: 'https://example.org' }];
  }
}

/** Collects outcomes. */
export class OutcomeLog implements TurnOutcomeSink {
  readonly outcomes: TurnOutcome[] = [];
  record(outcome: TurnOutcome): void {
    this.outcomes.push(outcome);
  }
}
