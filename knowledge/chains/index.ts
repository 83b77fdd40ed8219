/** LangChain chains over the pooled Ollama client: answers, hand-off summaries, JSON extraction. */
export * from './answer-prompt';
export * from './answer-chain';
export * from './case-summarizer';
export * from './json-extractor';
