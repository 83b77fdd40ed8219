import assert from 'node:assert/strict';
import { register, runEligibility, type EligibilityCommandRow } from '../../bot/commands/eligibility-command';
import { SAMPLE_KB } from './helpers';
import { runCli as runCommand } from '../helpers/run-cli';

function runCli(args: string[]) {
  return runCommand(register, ['eligibility', ...args]);
}

describe('madoguchi eligibility', () => {
  it('when a 67-year-old living alone in Hanbit with a low income is screened, then the pension and housing benefit are eligible', async () => {
    const profile = { age: 67, householdSize: 1, residence: { area: 'hanbit' }, income: { amount: 1_000_000, currency: 'KRW', period: 'month' } };
    const { out, code } = await runCli(['--kb', SAMPLE_KB, '--profile', JSON.stringify(profile)]);
    assert.equal(code, undefined);
    const rows = JSON.parse(out) as EligibilityCommandRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    assert.equal(rows.length, 11);
    assert.equal(byId.get('hanbit-basic-pension')?.status, 'eligible');
    assert.ok(byId.get('hanbit-basic-pension')?.reasons.includes('✓ age 67 ≥ 65'));
    assert.equal(byId.get('hanbit-housing-benefit')?.status, 'eligible');
    assert.equal(byId.get('hanbit-child-allowance')?.status, 'not_eligible');
    assert.deepEqual(byId.get('hanbit-emergency-welfare')?.missing, ['employment']);
    assert.equal(byId.get('maplebay-senior-transit-pass')?.status, 'not_eligible');
    for (const r of rows) assert.deepEqual(Object.keys(r), ['id', 'status', 'reasons', 'missing']);
  });

  it('when reasons are asked in Korean, then they are worded in Korean', () => {
    const { rows } = runEligibility({ kb: SAMPLE_KB, profile: '{"age":70}', lang: 'ko' });
    assert.ok(rows.find((r) => r.id === 'hanbit-basic-pension')?.reasons.includes('✓ 나이 70 ≥ 65'));
  });

  it('when the profile is not valid, then it prints an error and exits with 1', async () => {
    const { out, err, code } = await runCli(['--kb', SAMPLE_KB, '--profile', '{"age":"old"}']);
    assert.equal(out, '');
    assert.match(err, /--profile: age/);
    assert.equal(code, 1);
  });
});
