/**
 * Bridge protocol version 1, the extension's side: builders for the requests the service worker sends
 * to the native host, and the check of what comes back. docs/protocol.md describes the messages;
 * docs/protocol.schema.json, generated from the Python models, is the contract both sides are tested
 * against (the build copies it into the extension as common/protocol.schema.json). Types, actions and
 * field limits come from generated.js.
 */

import { FIELD_MAX_LENGTH, PROTOCOL_VERSION, SCAN_EVENTS, USER_ACTIONS } from './generated.js';
import { validate } from './jsonschema.js';

export function newMessageId() {
  return globalThis.crypto.randomUUID();
}

function base(type) {
  return { v: PROTOCOL_VERSION, id: newMessageId(), type };
}

export function helloRequest({ extensionVersion, browser }) {
  const message = { ...base('hello'), extension_version: String(extensionVersion).slice(0, FIELD_MAX_LENGTH.extension_version) };
  if (browser) message.browser = String(browser).slice(0, FIELD_MAX_LENGTH.browser);
  return message;
}

export function scanRequest({ text, event, site, url, conversationId }) {
  if (!SCAN_EVENTS.includes(event)) throw new TypeError(`unknown scan event ${event}`);
  const message = { ...base('scan'), text, event };
  if (site) message.site = site.slice(0, FIELD_MAX_LENGTH.site);
  if (url) message.url = url.slice(0, FIELD_MAX_LENGTH.url);
  if (conversationId) message.conversation_id = conversationId.slice(0, FIELD_MAX_LENGTH.conversation_id);
  return message;
}

export function decisionRequest({ incidentId, userAction, justification }) {
  if (!USER_ACTIONS.includes(userAction)) throw new TypeError(`unknown user action ${userAction}`);
  const message = { ...base('decision'), incident_id: incidentId ?? null, user_action: userAction };
  if (justification) message.justification = justification.slice(0, FIELD_MAX_LENGTH.justification);
  return message;
}

export function restoreRequest({ conversationId, text }) {
  return { ...base('restore'), conversation_id: conversationId, text };
}

/** A guarded AI site was opened: counted per service and day (the shadow-AI picture); the host only. */
export function visitRequest({ site }) {
  return { ...base('visit'), site: String(site).slice(0, FIELD_MAX_LENGTH.site) };
}

const FILE_EVENTS = ['paste', 'drop', 'upload'];

/** One piece of a file's bytes, base64 (at most FIELD_MAX_LENGTH.data characters): see scanFileRequest. */
export function uploadChunkRequest({ uploadId, offset, data }) {
  return { ...base('upload_chunk'), upload_id: uploadId, offset, data };
}

/** A file to judge: its bytes inline (`data`, base64) or sent before as chunks (`uploadId`). */
export function scanFileRequest({ uploadId = null, data = null, size, name, event, site, url, conversationId }) {
  if (!FILE_EVENTS.includes(event)) throw new TypeError(`unknown file event ${event}`);
  if ((uploadId === null) === (data === null)) throw new TypeError('exactly one of uploadId and data');
  const message = { ...base('scan_file'), size, event };
  if (uploadId !== null) message.upload_id = uploadId;
  else message.data = data;
  if (name) message.name = String(name).slice(0, FIELD_MAX_LENGTH.name);
  if (site) message.site = site.slice(0, FIELD_MAX_LENGTH.site);
  if (url) message.url = url.slice(0, FIELD_MAX_LENGTH.url);
  if (conversationId) message.conversation_id = conversationId.slice(0, FIELD_MAX_LENGTH.conversation_id);
  return message;
}

/**
 * A checker for messages in one direction, built from the protocol schema: `check(message)` returns
 * a list of problems, empty when the message is valid.
 */
export function messageChecker(schema, direction) {
  const definition = schema.$defs?.[direction];
  if (!definition) throw new Error(`the protocol schema defines no '${direction}'`);
  return (message) => validate(definition, message, schema);
}
