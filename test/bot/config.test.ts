import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS, ConfigError, loadConfig, BUNDLED_KB_DIR } from '../../bot/config';

describe('configuration', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    const config = loadConfig({}, null);
    assert.equal(config.PORT, 3978);
    assert.equal(config.DATA_DIR, './data');
    assert.deepEqual(config.OLLAMA_BASE_URL, ['http://127.0.0.1:11434']);
    assert.equal(config.KB_DIR, BUNDLED_KB_DIR);
    assert.equal(config.DATABASE_URL, '');
  });

  it('when PORT is not a number, then loading fails with one line naming PORT', () => {
    assert.throws(
      () => loadConfig({ PORT: 'abc' }, null),
      (err: unknown) => err instanceof ConfigError && /^Invalid configuration: PORT=abc \(.*integer.*\)$/.test(err.message) && !err.message.includes('\n'),
    );
  });

  it('when other values are invalid, then the message names the variable', () => {
    for (const [name, value] of [
      ['DATABASE_URL', 'mysql://x'],
      ['OLLAMA_BASE_URL', 'http://a:1,not a url'],
      ['OFFICE_OPEN', '25:00'],
      ['LOG_LEVEL', 'loud'],
      ['OFFICE_TIMEZONE', 'Mars/Base'],
    ]) {
      assert.throws(() => loadConfig({ [name]: value }, null), (err: unknown) => err instanceof ConfigError && err.message.includes(`${name}=`));
    }
  });

  it('when several Ollama hosts are listed, then all are kept without trailing slashes', () => {
    const config = loadConfig({ OLLAMA_BASE_URL: 'http://gpu1:11434/, http://gpu2:11434' }, null);
    assert.deepEqual(config.OLLAMA_BASE_URL, ['http://gpu1:11434', 'http://gpu2:11434']);
  });

  it('when a .env file exists, then its values apply but the real environment wins', () => {
    const file = path.join(fs.mkdtempSync('/tmp/madoguchi-env-'), '.env');
    fs.writeFileSync(file, 'PORT=4000\nCITY_NAME=Maple Bay\n');
    const config = loadConfig({ PORT: '5000' }, file);
    assert.equal(config.PORT, 5000);
    assert.equal(config.CITY_NAME, 'Maple Bay');
  });

  it('when .env.example is read, then it documents every variable with a default', () => {
    const example = fs.readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]));
    const missing = CONFIG_KEYS.filter((k) => !documented.has(k));
    assert.deepEqual(missing, []);
    const unknown = [...documented].filter((k) => !CONFIG_KEYS.includes(k));
    assert.deepEqual(unknown, []);
  });
});
