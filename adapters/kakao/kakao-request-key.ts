/**
 * The replay key of a Kakao skill request. Open Builder sends no request id and no time, so a
 * request is identified by its content: the user, the utterance, the block, intent and action with
 * their parameters, and the callback URL (single use, so in callback mode two real requests never
 * share a key). An identical request within the replay window is a replay.
 */
import { createHash } from 'node:crypto';
import type { KakaoSkillRequest } from './kakao-mapping';

/** `k:` + SHA-256 of the fields that identify one request. */
export function kakaoRequestKey(req: KakaoSkillRequest): string {
  const u = req.userRequest;
  const content = [
    u.user.id,
    u.utterance,
    u.block?.id ?? '',
    u.params ?? null,
    u.callbackUrl ?? '',
    req.intent?.id ?? '',
    req.action?.id ?? '',
    req.action?.params ?? null,
    req.action?.detailParams ?? null,
    req.action?.clientExtra ?? null,
    req.bot?.id ?? '',
  ];
  return `k:${createHash('sha256').update(JSON.stringify(content)).digest('hex')}`;
}
