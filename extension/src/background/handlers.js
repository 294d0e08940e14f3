/**
 * Every runtime message the service worker accepts is one row in `HANDLERS`, with its tier:
 *
 * - `content`: sent by our content script on an AI chat site. Untrusted: the page around it is the
 *   party we keep data from, and a compromised renderer could forge anything a content script can
 *   send. Accepted only from a tab's top frame on an https page that is a guarded site, only of these
 *   few types, each strictly shaped; the conversation id and the URL sent to the host come from
 *   `sender`, never from the message.
 * - `extension`: status and settings, only from our own extension pages (sender URL under our origin).
 */

import { FIELD_MAX_LENGTH, SCAN_EVENTS, USER_ACTIONS } from '../common/generated.js';
import { scanRequest, decisionRequest, restoreRequest } from '../common/protocol.js';
import { siteGuarded } from '../common/sites.js';
import { findingsDisplay, maskedTextOf } from '../common/masking.js';
import { codePointLength } from '../common/utf16.js';

export const MAX_RESTORE_CHARS = 20000;

function isRecord(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function onlyKeys(message, allowed) {
  return Object.keys(message).every((key) => allowed.includes(key));
}

// -- message shapes (content messages are untrusted: exact keys, checked types, bounded sizes) --------

function parseBare(message) {
  return onlyKeys(message, ['type']) ? {} : null;
}

function parseScan(message) {
  if (!onlyKeys(message, ['type', 'event', 'text'])) return null;
  if (!SCAN_EVENTS.includes(message.event) || typeof message.text !== 'string') return null;
  return { event: message.event, text: message.text };
}

function parseDecision(message) {
  if (!onlyKeys(message, ['type', 'incident_id', 'user_action', 'justification'])) return null;
  const { incident_id: incidentId = null, user_action: userAction, justification = null } = message;
  if (incidentId !== null && (typeof incidentId !== 'string' || !incidentId || incidentId.length > FIELD_MAX_LENGTH.incident_id)) return null;
  if (!USER_ACTIONS.includes(userAction)) return null;
  if (justification !== null && (typeof justification !== 'string' || justification.length > FIELD_MAX_LENGTH.justification)) return null;
  return { incidentId, userAction, justification };
}

function parseRestore(message) {
  if (!onlyKeys(message, ['type', 'text'])) return null;
  if (typeof message.text !== 'string' || !message.text || message.text.length > MAX_RESTORE_CHARS) return null;
  return { text: message.text };
}

function parseSettings(message) {
  if (!onlyKeys(message, ['type', 'prefs'])) return null;
  if (message.prefs !== undefined && !isRecord(message.prefs)) return null;
  return { prefs: message.prefs ?? null };
}

// -- handlers -----------------------------------------------------------------------------------------

function failed(cfg, reason, extra = {}) {
  return { status: 'failed', reason, fail_mode: cfg.failMode, timeout_ms: cfg.timeoutMs, ...extra };
}

/** A request to the host; host `error` replies and transport failures become `failed` answers. */
async function ask(ctx, cfg, request, expectedType) {
  let reply;
  try {
    reply = await ctx.client.request(request, cfg.timeoutMs);
  } catch (err) {
    return { answer: failed(cfg, err?.code ?? 'unavailable') };
  }
  if (reply.type === 'error') {
    return { answer: failed(cfg, reply.code === 'too_large' ? 'too_large' : 'host_error', { code: reply.code }) };
  }
  if (reply.type !== expectedType) return { answer: failed(cfg, 'bad_reply') };
  return { reply };
}

function pageUrl(url) {
  const u = new URL(url);
  return u.origin + u.pathname; // the query and fragment may carry tokens: the host needs neither
}

async function handleGuardStatus(_msg, { guarded }, ctx) {
  const cfg = await ctx.config();
  return {
    status: 'guard',
    guarded,
    fail_mode: cfg.failMode,
    timeout_ms: cfg.timeoutMs,
    reveal_placeholders: cfg.revealPlaceholders,
  };
}

async function handleScan({ event, text }, { sender, guarded }, ctx) {
  if (!guarded) return { status: 'unguarded' };
  const cfg = await ctx.config();
  if (cfg.maxScanChars !== null && text.length > cfg.maxScanChars && codePointLength(text) > cfg.maxScanChars) {
    return failed(cfg, 'too_large');
  }
  const url = new URL(sender.url);
  const request = scanRequest({
    text,
    event,
    site: url.hostname,
    url: pageUrl(sender.url),
    conversationId: await ctx.state.conversationId(sender.tab.id, url.hostname),
  });
  const { reply, answer } = await ask(ctx, cfg, request, 'verdict');
  if (answer) return answer;
  if (reply.incident_id) await ctx.state.rememberIncident(reply.incident_id, sender.tab.id);
  await ctx.state.noteEngineMode(reply.engine_mode);
  if (cfg.policyVersion !== null && reply.policy_version !== cfg.policyVersion) ctx.client.refreshHello();
  return {
    status: 'verdict',
    fail_mode: cfg.failMode,
    timeout_ms: cfg.timeoutMs,
    verdict: {
      action: reply.action,
      reason: reply.reason ?? '',
      simulated: reply.simulated,
      incident_id: reply.incident_id ?? null,
      override: reply.override,
      findings: findingsDisplay(text, reply.findings),
      finding_count: reply.finding_count,
      findings_truncated: reply.findings_truncated ?? false,
      spans: reply.findings.map((f) => [f.start, f.end]),
      masked_text: maskedTextOf(reply, text),
      pseudonymised: (reply.replacements ?? []).some((r) => r.operator === 'pseudonymise'),
    },
  };
}

async function handleDecision({ incidentId, userAction, justification }, { sender }, ctx) {
  if (incidentId !== null && (await ctx.state.incidentTab(incidentId)) !== sender.tab.id) {
    return { status: 'rejected', reason: 'unknown_incident' };
  }
  const cfg = await ctx.config();
  const { reply, answer } = await ask(ctx, cfg, decisionRequest({ incidentId, userAction, justification }), 'decision_recorded');
  if (answer) return answer;
  return { status: 'recorded', allowed: reply.allowed, recorded: reply.recorded, reason: reply.reason ?? '' };
}

async function handleRestore({ text }, { sender }, ctx) {
  const cfg = await ctx.config();
  if (!cfg.revealPlaceholders) return { status: 'disabled' };
  const host = new URL(sender.url).hostname;
  const request = restoreRequest({ conversationId: await ctx.state.conversationId(sender.tab.id, host), text });
  const { reply, answer } = await ask(ctx, cfg, request, 'restored');
  if (answer) return answer;
  return { status: 'restored', text: reply.text, restored: reply.restored, unknown: reply.unknown };
}

async function handleStatus(_msg, _who, ctx) {
  return { status: 'ok', ...(await ctx.describe()) };
}

async function handleSettings({ prefs }, _who, ctx) {
  const saved = prefs ? await ctx.prefs.set(prefs) : await ctx.prefs.get();
  return { status: 'ok', prefs: saved };
}

/** The one table: message type -> tier, shape check, handler (and whether the site must be guarded). */
export const HANDLERS = Object.freeze({
  guard_status: { tier: 'content', parse: parseBare, handle: handleGuardStatus, needsGuarded: false },
  scan: { tier: 'content', parse: parseScan, handle: handleScan, needsGuarded: false },
  decision: { tier: 'content', parse: parseDecision, handle: handleDecision, needsGuarded: true },
  restore: { tier: 'content', parse: parseRestore, handle: handleRestore, needsGuarded: true },
  status: { tier: 'extension', parse: parseBare, handle: handleStatus, needsGuarded: false },
  settings: { tier: 'extension', parse: parseSettings, handle: handleSettings, needsGuarded: false },
});

/** `extension`, `content` or null (refused): who sent a message, judged only from `sender`. */
export function senderTier(sender, { extensionId, extensionOrigin }) {
  if (!isRecord(sender) || sender.id !== extensionId || typeof sender.url !== 'string') return null;
  if (sender.url.startsWith(extensionOrigin)) return 'extension';
  const inTopFrame = sender.frameId === undefined || sender.frameId === 0;
  if (isRecord(sender.tab) && Number.isInteger(sender.tab.id) && inTopFrame && sender.url.startsWith('https://')) {
    return 'content';
  }
  return null;
}

export function isGuardedUrl(url, cfg) {
  return siteGuarded(cfg.guardedSites, cfg.allowlistedSites, url);
}

/** Checks and answers one runtime message; never throws (a bad message gets `rejected`). */
export async function routeMessage(message, sender, ctx) {
  if (!isRecord(message) || typeof message.type !== 'string' || !Object.hasOwn(HANDLERS, message.type)) {
    return { status: 'rejected', reason: 'unknown_type' };
  }
  const row = HANDLERS[message.type];
  if (senderTier(sender, ctx) !== row.tier) return { status: 'rejected', reason: 'forbidden' };
  const parsed = row.parse(message);
  if (!parsed) return { status: 'rejected', reason: 'invalid' };
  let guarded = false;
  if (row.tier === 'content') {
    guarded = isGuardedUrl(sender.url, await ctx.config());
    if (row.needsGuarded && !guarded) return { status: 'rejected', reason: 'unguarded' };
  }
  try {
    return await row.handle(parsed, { sender, guarded }, ctx);
  } catch {
    return { status: 'rejected', reason: 'internal' };
  }
}
