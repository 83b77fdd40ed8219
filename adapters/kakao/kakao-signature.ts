/**
 * Kakao i Open Builder does not sign skill requests. The skill's settings in Open Builder add
 * a custom header, `X-Skill-Secret: <KAKAO_SKILL_SECRET>`, to every request; it is compared in
 * constant time and a request without it is refused before its body is read.
 */
import { secretEquals } from '../shared/secret-equals';

/** True only when the header carries the configured KAKAO_SKILL_SECRET. */
export function verifyKakaoSecret(expected: string, given: string | undefined): boolean {
  return secretEquals(expected, given);
}
