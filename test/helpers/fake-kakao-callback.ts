/**
 * Local fake of Kakao's callback endpoint (the `userRequest.callbackUrl` of a skill request in
 * callback mode): records the POSTed skill response and answers like Kakao.
 */
import { FakePlatformServer } from './fake-platform-server';

/** The fake callback receiver; `callbackUrl(id)` gives a one-off URL to put in a request. */
export class FakeKakaoCallback extends FakePlatformServer {
  constructor() {
    super(() => ({ status: 200, body: { taskId: 'fake-task', status: 'SUCCESS', message: null, timestamp: Date.now() } }));
  }

  /** A callback URL on this server. */
  callbackUrl(id: string): string {
    return `${this.url}/v1/callback/${id}`;
  }
}
