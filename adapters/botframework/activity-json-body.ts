/**
 * Outbound activities as plain JSON bodies.
 *
 * botframework-connector sends an activity (send to conversation, reply, update) through the
 * Azure SDK's model serializer, which walks the whole Activity model — 40-odd properties and
 * their nested models — for every message, validating and copying each value. In load profiles
 * that was about 90 µs of CPU per message, a fifth of the cost of sending one.
 *
 * An activity is already the JSON object the Bot Framework REST API expects: every property of
 * botframework-connector's Activity model is serialised under its own name, and its three date
 * fields become ISO 8601 strings, which is what `JSON.stringify` does with a `Date`. So for
 * these operations this module swaps the request body's model for the SDK's plain `Object` type:
 * the rest of the request — URL, headers, authentication, retries, response handling — goes
 * through the SDK unchanged.
 *
 * Two differences, both towards the Bot Framework schema: properties the SDK's models do not
 * list are kept (the serializer drops them, e.g. `streamType` and `streamId` of a `streaminfo`
 * entity, although the schema lets entities carry any property), and a date given as a string
 * keeps its UTC offset instead of being rewritten to UTC.
 * test/adapters/botframework/activity-json-body.test.ts sends the same activities both ways
 * and compares the bodies.
 */
import type { ConnectorClient } from 'botframework-connector';

/** The parts of an Azure SDK operation spec this module reads (the SDK's type is internal). */
interface OperationSpec {
  requestBody?: {
    parameterPath: unknown;
    mapper: { serializedName?: string; required?: boolean; type: { name: string; className?: string } };
  };
}

type SendOperationRequest = (operationArguments: unknown, operationSpec: OperationSpec, callback?: unknown) => Promise<unknown>;

/** One JSON-body spec per SDK spec, built on first use. */
const jsonBodySpecs = new WeakMap<OperationSpec, OperationSpec>();

/** The spec to send with: `spec` itself unless its body is an Activity model. */
export function jsonBodySpec(spec: OperationSpec): OperationSpec {
  const body = spec.requestBody;
  if (body?.mapper.type.name !== 'Composite' || body.mapper.type.className !== 'Activity') return spec;
  let lean = jsonBodySpecs.get(spec);
  if (!lean) {
    lean = { ...spec, requestBody: { parameterPath: body.parameterPath, mapper: { serializedName: body.mapper.serializedName, required: body.mapper.required, type: { name: 'Object' } } } };
    jsonBodySpecs.set(spec, lean);
  }
  return lean;
}

/** Makes `client` send activity bodies as plain JSON (see the file comment); returns it. */
export function sendActivitiesAsJson(client: ConnectorClient): ConnectorClient {
  // The operation groups (client.conversations…) call the client's sendOperationRequest.
  const target = client as unknown as { sendOperationRequest: SendOperationRequest };
  const send = target.sendOperationRequest.bind(client);
  target.sendOperationRequest = (operationArguments, operationSpec, callback) => send(operationArguments, jsonBodySpec(operationSpec), callback);
  return client;
}
