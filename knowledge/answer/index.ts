/** The answer service and its extractive fallback and cache. */
export * from './llm-answer-service';
export * from './extractive-answerer';
export * from './answer-cache';
export * from './sentence-splitter';
