/**
 * Bridge protocol version 1, the extension's side: builders for the requests the service worker sends
 * to the native host, and the check of what comes back. docs/protocol.md describes the messages;
 * docs/protocol.schema.json is the contract both sides are tested against (the build copies it into
 * the extension as common/protocol.schema.json).
 */

import { validate } from './jsonschema.js';

export const PROTOCOL_VERSION = 1;
export const SCAN_EVENTS = Object.freeze(['paste', 'drop', 'submit', 'upload']);
export const USER_ACTIONS = Object.freeze(['cancel', 'send_masked', 'send_anyway']);
export const VERDICT_ACTIONS = Object.freeze(['allow', 'warn', 'mask', 'block']);
export const REPLY_TYPES = Object.freeze(['hello_ok', 'verdict', 'decision_recorded', 'restored', 'error']);

/** Field limits of the requests, as the host enforces them. */
export const LIMITS = Object.freeze({
  id: 128,
  version: 64,
  site: 2048,
  url: 8192,
  conversationId: 256,
  incidentId: 64,
  justification: 4000,
});

export function newMessageId() {
  return globalThis.crypto.randomUUID();
}

function base(type) {
  return { v: PROTOCOL_VERSION, id: newMessageId(), type };
}

export function helloRequest({ extensionVersion, browser }) {
  const message = { ...base('hello'), extension_version: String(extensionVersion).slice(0, LIMITS.version) };
  if (browser) message.browser = String(browser).slice(0, LIMITS.version);
  return message;
}

export function scanRequest({ text, event, site, url, conversationId }) {
  if (!SCAN_EVENTS.includes(event)) throw new TypeError(`unknown scan event ${event}`);
  const message = { ...base('scan'), text, event };
  if (site) message.site = site.slice(0, LIMITS.site);
  if (url) message.url = url.slice(0, LIMITS.url);
  if (conversationId) message.conversation_id = conversationId.slice(0, LIMITS.conversationId);
  return message;
}

export function decisionRequest({ incidentId, userAction, justification }) {
  if (!USER_ACTIONS.includes(userAction)) throw new TypeError(`unknown user action ${userAction}`);
  const message = { ...base('decision'), incident_id: incidentId ?? null, user_action: userAction };
  if (justification) message.justification = justification.slice(0, LIMITS.justification);
  return message;
}

export function restoreRequest({ conversationId, text }) {
  return { ...base('restore'), conversation_id: conversationId, text };
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
