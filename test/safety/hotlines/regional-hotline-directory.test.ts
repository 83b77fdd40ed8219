/**
 * The hotline directory: built-in KR and JP lists with sources, localized names, the generic
 * fallback, and the operator's HOTLINES_FILE (validated).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HotlinesFileError, RegionalHotlineDirectory } from '../../../safety/hotlines/regional-hotline-directory';
import { DEFAULT_HOTLINES } from '../../../safety/hotlines/default-hotlines';
import { hotlineEntrySchema } from '../../../safety/hotlines/hotline-entry';

describe('RegionalHotlineDirectory', () => {
  it('when the region is KR, then self-harm shows 109 and 1577-0199 and abuse shows 1366 and 112, in the resident language', () => {
    const d = new RegionalHotlineDirectory({ region: 'KR' });
    const selfHarm = d.hotlines('self_harm', 'ko');
    assert.ok(selfHarm.some((h) => h.phone === '109' && h.name === '자살예방상담전화'));
    assert.ok(selfHarm.some((h) => h.phone === '1577-0199'));
    const abuse = d.hotlines('abuse', 'en').map((h) => h.phone);
    assert.ok(abuse.includes('1366') && abuse.includes('112'));
    assert.ok(d.hotlines('no_shelter_or_food', 'ko').some((h) => h.phone === '129'));
  });

  it('when the region is JP, then abuse shows 189 and #8008 and self-harm shows いのちの電話', () => {
    const d = new RegionalHotlineDirectory({ region: 'JP' });
    const abuse = d.hotlines('abuse', 'ja').map((h) => h.phone);
    assert.ok(abuse.includes('189') && abuse.includes('#8008') && abuse.includes('0120-279-889'));
    assert.ok(d.hotlines('self_harm', 'ja').some((h) => h.name === 'いのちの電話' && h.phone === '0570-783-556'));
  });

  it('when any built-in entry is checked, then it is valid and names an https source', () => {
    for (const [region, entries] of Object.entries(DEFAULT_HOTLINES)) {
      for (const e of entries) {
        hotlineEntrySchema.parse(e);
        assert.match(e.source, /^https:\/\//, `${region} ${e.id}`);
      }
    }
  });

  it('when the region is XX without a file, then the generic emergency numbers are given for every category', () => {
    const d = new RegionalHotlineDirectory({ region: 'XX' });
    for (const c of ['self_harm', 'abuse', 'danger', 'no_shelter_or_food'] as const) assert.ok(d.hotlines(c, 'en').length > 0);
  });

  it('when a HOTLINES_FILE lists the region, then its entries replace the defaults (or extend them when asked)', () => {
    const entry = { id: 'us-988', phone: '988', name: { en: '988 Suicide & Crisis Lifeline' }, hours: { en: '24 hours' }, categories: ['self_harm'], source: 'https://988lifeline.org/' };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hotlines-')), 'hotlines.json');
    fs.writeFileSync(file, JSON.stringify({ regions: { US: [entry] } }));
    const us = new RegionalHotlineDirectory({ region: 'US', file });
    assert.deepEqual(us.hotlines('self_harm', 'ko'), [{ name: '988 Suicide & Crisis Lifeline', phone: '988', hours: '24 hours', source: 'https://988lifeline.org/' }]);
    const kr = new RegionalHotlineDirectory({ region: 'KR', data: { extendDefaults: true, regions: { KR: [{ ...entry, id: 'kr-city' }] } } });
    const phones = kr.hotlines('self_harm', 'en').map((h) => h.phone);
    assert.ok(phones.includes('109') && phones.includes('988'));
  });

  it('when the file is invalid, then construction fails naming the field', () => {
    assert.throws(() => new RegionalHotlineDirectory({ region: 'KR', data: { regions: { KR: [{ id: 'x', phone: '1', name: { en: 'x' } }] } } }), HotlinesFileError);
    assert.throws(() => new RegionalHotlineDirectory({ region: 'KR', file: '/nonexistent/hotlines.json' }), /cannot read/);
  });
});
