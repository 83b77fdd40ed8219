/**
 * The connector's own retries, and how a caller turns them off.
 *
 * botframework-connector sends through the Azure SDK's pipeline, whose `defaultRetryPolicy` retries
 * a request up to three times: after a 429 or 503 it waits the `Retry-After` and sends again, and
 * after a 5xx or a network error it backs off and sends again. For a reply in a conversation that
 * is welcome. For the alerts outbox it is not: the outbox paces each route at the platform's limit
 * and holds the route for the time a 429 asks (alerts/pacer.ts), so a request the SDK sends again
 * on its own is one the pacer never counted — requests bunch, and more 429s follow; and a resend
 * after a 5xx or a cut connection is a second copy on a route that has no idempotency key.
 *
 * {@link retriesOptional} puts the retry policy behind a switch; {@link withoutConnectorRetries}
 * runs a function (a proactive send) with the switch off, for every request made within it, the
 * first answer — a 429 with its `Retry-After` included — coming straight back to the caller.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConnectorClient } from 'botframework-connector';

/** The parts of an Azure SDK pipeline policy used here (the SDK's type is a transitive dependency). */
interface PipelinePolicy {
  name: string;
  sendRequest(request: unknown, next: (request: unknown) => Promise<unknown>): Promise<unknown>;
}

/** The parts of an Azure SDK pipeline used here. */
interface Pipeline {
  getOrderedPolicies(): PipelinePolicy[];
  removePolicy(options: { name?: string }): unknown;
  addPolicy(policy: PipelinePolicy, options?: { phase?: string }): void;
}

/** The Azure SDK's name for its retry policy (429/503 Retry-After, 5xx and network errors). */
export const SDK_RETRY_POLICY = 'defaultRetryPolicy';
/** The name of the switchable policy put in its place. */
export const OPTIONAL_RETRY_POLICY = 'madoguchiOptionalRetryPolicy';

const noRetries = new AsyncLocalStorage<true>();

/** Runs `fn` with the connector's own retries off for every request made within it. */
export function withoutConnectorRetries<T>(fn: () => Promise<T>): Promise<T> {
  return noRetries.run(true, fn);
}

/** Puts `client`'s retry policy behind the switch of {@link withoutConnectorRetries}; returns it. */
export function retriesOptional(client: ConnectorClient): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  const retry = pipeline?.getOrderedPolicies().find((p) => p.name === SDK_RETRY_POLICY);
  if (!pipeline || !retry) return client;
  pipeline.removePolicy({ name: SDK_RETRY_POLICY });
  pipeline.addPolicy(
    {
      name: OPTIONAL_RETRY_POLICY,
      sendRequest: (request, next) => (noRetries.getStore() ? next(request) : retry.sendRequest(request, next)),
    },
    { phase: 'Retry' },
  );
  return client;
}
