/**
 * The environment of a Madoguchi server under test (passed to bench/target-server.ts).
 */

/** Configuration of a Madoguchi server under test with extractive answers. */
export function extractiveEnv(dataDir: string, databaseUrl: string): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    LLM_ENABLED: 'false',
    // No Ollama in this phase: point it at a closed loopback port rather than a real default.
    OLLAMA_BASE_URL: 'http://127.0.0.1:9',
    // Every simulated resident comes from 127.0.0.1: the per-IP limit would measure itself.
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_RESIDENT_PER_MINUTE: '100000',
    DEFAULT_LANGUAGE: 'en',
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    // Simulated Bot Framework channels post anonymously from loopback (development mode).
    BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
  };
}
