/** The LLM side: Ollama pool, chat client, embeddings, token estimate. */
export * from './circuit-breaker';
export * from './ollama-pool';
export * from './llm-client';
export * from './ollama-embedding-provider';
export * from './token-estimator';
