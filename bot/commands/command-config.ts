/**
 * Configuration for a subcommand: an invalid value prints one line naming the variable and sets
 * exit code 2, instead of a stack trace.
 */
import { ConfigError, loadConfig, type Config } from '../config';

/** Loads the configuration, or reports why not and returns null. */
export function loadConfigOrReport(): Config | null {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
    return null;
  }
}
