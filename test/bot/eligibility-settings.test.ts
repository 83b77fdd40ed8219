import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../bot/config';
import { buildEligibility } from '../../bot/wiring/eligibility-wiring';
import { DEFAULT_SETTINGS_FILES } from '../../eligibility/references';
import { openDatabase } from '../../storage/open-database';
import type { Database } from '../../storage/database';
import { capturingLogger } from '../helpers/capturing-logger';

const PROGRAM = `---
id: testville-rent-help
title: Rent help (Testville)
lang: en
domain: welfare
region: US
eligibility:
  residency: { area: testville }
---
# Rent help

Testville helps residents with their rent.
`;

describe("a city's own eligibility areas (ELIGIBILITY_AREAS_FILE)", function () {
  let dir: string;
  let db: Database;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-areas-'));
    fs.mkdirSync(path.join(dir, 'kb'));
    fs.writeFileSync(path.join(dir, 'kb', 'testville-rent-help.md'), PROGRAM);
    const bundled = fs.readFileSync(DEFAULT_SETTINGS_FILES.areas, 'utf8');
    fs.writeFileSync(path.join(dir, 'areas.yaml'), `${bundled.trimEnd()}\n  testville:\n    names:\n      ko: [테스트빌]\n      ja: [テストビル]\n      en: [Testville]\n`);
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
  });

  after(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when nothing is set, then the bundled areas and income references are used', () => {
    const config = loadConfig({}, null);
    assert.equal(config.ELIGIBILITY_AREAS_FILE, DEFAULT_SETTINGS_FILES.areas);
    assert.equal(config.ELIGIBILITY_INCOME_REFERENCES_FILE, DEFAULT_SETTINGS_FILES.incomeReferences);
  });

  it('when a program names an area the bundled file lacks, then it is rejected with a warning and not screened', () => {
    const { log, lines } = capturingLogger();
    const eligibility = buildEligibility(path.join(dir, 'kb'), { db, log });
    assert.equal(eligibility.screenable().has('testville-rent-help'), false);
    assert.ok(lines.some((l) => l.msg === 'eligibility criteria rejected' && String(l.problem).includes('testville')), JSON.stringify(lines));
  });

  it('when the city points ELIGIBILITY_AREAS_FILE at its own areas, then its program is screened', () => {
    const config = loadConfig({ ELIGIBILITY_AREAS_FILE: path.join(dir, 'areas.yaml') }, null);
    const { log } = capturingLogger();
    const eligibility = buildEligibility(path.join(dir, 'kb'), {
      db,
      log,
      settingsFiles: { areas: config.ELIGIBILITY_AREAS_FILE, incomeReferences: config.ELIGIBILITY_INCOME_REFERENCES_FILE },
    });
    assert.equal(eligibility.screenable().has('testville-rent-help'), true);
    assert.deepEqual(eligibility.settings.areas.find((a) => a.id === 'testville')?.names.en, ['Testville']);
  });
});
