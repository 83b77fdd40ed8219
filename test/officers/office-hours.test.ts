import assert from 'node:assert/strict';
import { OfficeHours } from '../../officers/office-hours';

describe('office hours', () => {
  const seoul = new OfficeHours({ timeZone: 'Asia/Seoul', open: '09:00', close: '18:00', days: '1,2,3,4,5', holidays: '2026-03-02,2026-05-05' });

  const cases: [string, boolean, string][] = [
    // [UTC instant, open?, why]
    ['2026-03-04T00:00:00Z', true, 'Wednesday 09:00 Seoul: opening minute'],
    ['2026-03-04T08:59:00Z', true, 'Wednesday 17:59 Seoul'],
    ['2026-03-04T09:00:00Z', false, 'Wednesday 18:00 Seoul: closing is exclusive'],
    ['2026-03-03T23:59:00Z', false, 'Wednesday 08:59 Seoul'],
    ['2026-03-07T03:00:00Z', false, 'Saturday noon'],
    ['2026-03-02T03:00:00Z', false, 'Monday noon, but a holiday'],
  ];
  for (const [at, open, why] of cases) {
    it(`when it is ${why}, then open is ${open}`, () => assert.equal(seoul.isOpen(new Date(at)), open));
  }

  it('when it is Friday evening before a Monday holiday, then the next opening is Tuesday 09:00 local', () => {
    assert.equal(seoul.nextOpening(new Date('2026-02-27T10:00:00Z'))!.toISOString(), '2026-03-03T00:00:00.000Z');
  });

  it('when it is early morning on a workday, then the next opening is the same day', () => {
    assert.equal(seoul.nextOpening(new Date('2026-03-03T22:00:00Z'))!.toISOString(), '2026-03-04T00:00:00.000Z');
  });

  it('when the office is in a zone with daylight saving, then the opening follows the local clock across the change', () => {
    const ny = new OfficeHours({ timeZone: 'America/New_York', open: '09:00', close: '17:00', days: [1, 2, 3, 4, 5], holidays: [] });
    // DST starts Sunday 2026-03-08: Friday 09:00 is 14:00Z, Monday 09:00 is 13:00Z.
    assert.equal(ny.nextOpening(new Date('2026-03-06T23:00:00Z'))!.toISOString(), '2026-03-09T13:00:00.000Z');
    assert.equal(ny.isOpen(new Date('2026-03-06T14:30:00Z')), true);
    assert.equal(ny.isOpen(new Date('2026-03-09T13:30:00Z')), true);
    assert.equal(ny.isOpen(new Date('2026-03-09T12:30:00Z')), false);
  });

  it('when Tokyo closes on weekends only, then Saturday night opens Monday 09:00 JST', () => {
    const tokyo = new OfficeHours({ timeZone: 'Asia/Tokyo', open: '08:30', close: '17:15', days: '1,2,3,4,5', holidays: '' });
    assert.equal(tokyo.nextOpening(new Date('2026-03-07T12:00:00Z'))!.toISOString(), '2026-03-08T23:30:00.000Z');
  });

  it('when no day is a workday, then there is no next opening', () => {
    const never = new OfficeHours({ timeZone: 'UTC', open: '09:00', close: '17:00', days: '', holidays: '' });
    assert.equal(never.nextOpening(new Date()), null);
  });
});
