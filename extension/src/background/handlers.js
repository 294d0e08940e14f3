/**
 * Every runtime message the service worker accepts is one row in `HANDLERS`, with its tier:
 *
 * - `content`: sent by our content script on an AI chat site. Untrusted: the page around it is the
 *   party we keep data from, and a compromised renderer could forge anything a content script can
 *   send. Accepted only from a frame of a tab whose address is https (a top frame or a subframe: a chat
 *   box in an iframe is judged by the frame's own address; an about:blank, srcdoc or blob: frame by the
 *   https origin the browser says it inherits), only of these few types, each strictly shaped; the
 *   site, URL and conversation id sent to the host come from `sender`, never from the message.
 * - `extension`: status and settings, only from our own extension pages (sender URL under our origin).
 */

import { FIELD_MAX_LENGTH, SCAN_EVENTS, USER_ACTIONS } from '../common/generated.js';
import { scanRequest, decisionRequest, restoreRequest, visitRequest } from '../common/protocol.js';
import { SITE_STATUS, siteStatus } from '../common/sites.js';
import { findingsDisplay, maskedTextOf } from '../common/masking.js';
import { codePointLength } from '../common/utf16.js';
import { scanFileRequest, uploadChunkRequest } from '../common/protocol.js';
import { HELD_SCAN_TIMEOUT_MS } from './native.js';

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
  if (!onlyKeys(message, ['type', 'event', 'text', 'hold'])) return null;
  if (!SCAN_EVENTS.includes(message.event) || typeof message.text !== 'string') return null;
  if (message.hold !== undefined && typeof message.hold !== 'boolean') return null;
  // hold: the content script holds a paste or send until the verdict, however late (HELD_SCAN_TIMEOUT_MS).
  return { event: message.event, text: message.text, hold: message.hold === true };
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
async function ask(ctx, cfg, request, expectedType, timeoutMs = cfg.timeoutMs) {
  let reply;
  try {
    reply = await ctx.client.request(request, timeoutMs);
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

const INHERITING = /^(about:|blob:)/;

/**
 * Where a frame's text goes, judged only from `sender`: `{site, url}` for an https frame (its host and
 * its URL without query and fragment); `{site, url: null}` for an about:blank, srcdoc or blob: frame
 * that inherits an https origin (`sender.origin`, or a blob URL's own origin, or for a browser that
 * names no origin the tab's https address): only the host is known, so a path-qualified guarded site
 * guards it and a path-qualified allowlisted one does not exempt it. Null for anything else (http,
 * data:, opaque origins).
 */
export function senderAddress(sender) {
  const url = sender?.url;
  if (typeof url !== 'string') return null;
  try {
    if (url.startsWith('https://')) return { site: new URL(url).hostname, url: pageUrl(url) };
    if (!INHERITING.test(url)) return null;
    let origin = typeof sender.origin === 'string' ? sender.origin : null;
    if (origin === null && url.startsWith('blob:https://')) origin = new URL(url.slice('blob:'.length)).origin;
    if (origin === null && (sender.frameId === 0 || sender.frameId === undefined)) return null;
    if (origin === null && typeof sender.tab?.url === 'string') origin = new URL(sender.tab.url).origin;
    if (origin === null || !origin.startsWith('https://')) return null;
    return { site: new URL(origin).hostname, url: null };
  } catch {
    return null;
  }
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

/** The content script's view of a text or file verdict: what both carry, plus the kind's `own` fields. */
function verdictAnswer(cfg, reply, own) {
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
      finding_count: reply.finding_count,
      findings_truncated: reply.findings_truncated ?? false,
      pseudonymised: (reply.replacements ?? []).some((r) => r.operator === 'pseudonymise'),
      ...own,
    },
  };
}

/** What every verdict reply updates: the incident a later decision names, the engine mode, a newer policy. */
async function noteVerdict(ctx, cfg, reply, tabId) {
  if (reply.incident_id) await ctx.state.rememberIncident(reply.incident_id, tabId);
  await ctx.state.noteEngineMode(reply.engine_mode);
  if (cfg.policyVersion !== null && reply.policy_version !== cfg.policyVersion) ctx.client.refreshHello();
}

async function handleScan({ event, text, hold }, { sender, guarded }, ctx) {
  if (!guarded) return { status: 'unguarded' };
  const cfg = await ctx.config();
  if (cfg.maxScanChars !== null && text.length > cfg.maxScanChars && codePointLength(text) > cfg.maxScanChars) {
    return failed(cfg, 'too_large');
  }
  const { site, url } = senderAddress(sender);
  const request = scanRequest({
    text,
    event,
    site,
    url,
    conversationId: await ctx.state.conversationId(sender.tab.id, site),
  });
  const { reply, answer } = await ask(ctx, cfg, request, 'verdict', hold ? Math.max(cfg.timeoutMs, HELD_SCAN_TIMEOUT_MS) : cfg.timeoutMs);
  if (answer) return answer;
  await noteVerdict(ctx, cfg, reply, sender.tab.id);
  return verdictAnswer(cfg, reply, {
    findings: findingsDisplay(text, reply.findings),
    spans: reply.findings.map((f) => [f.start, f.end]),
    masked_text: maskedTextOf(reply, text),
    // Judged before NER was loaded (a newer host says so): the text is checked again on submit.
    ner_pending: reply.ner_pending === true,
  });
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
  const host = senderAddress(sender).site;
  const request = restoreRequest({ conversationId: await ctx.state.conversationId(sender.tab.id, host), text });
  const { reply, answer } = await ask(ctx, cfg, request, 'restored');
  if (answer) return answer;
  return { status: 'restored', text: reply.text, restored: reply.restored, unknown: reply.unknown };
}

/**
 * A page of a guarded site was loaded in a top frame: the host counts it per service and day (no path,
 * no content). Subframes and pages the policy does not guard are not counted; a host that does not
 * answer loses the count, nothing else.
 */
async function handleVisit(_msg, { sender }, ctx) {
  if (sender.frameId !== 0 && sender.frameId !== undefined) return { status: 'ignored' };
  const cfg = await ctx.config();
  const { site } = senderAddress(sender);
  const { reply, answer } = await ask(ctx, cfg, visitRequest({ site }), 'visit_counted');
  if (answer) return answer;
  return { status: 'counted', service: reply.service ?? null };
}

async function handleStatus(_msg, _who, ctx) {
  return { status: 'ok', ...(await ctx.describe()) };
}

async function handleSettings({ prefs }, _who, ctx) {
  const saved = prefs ? await ctx.prefs.set(prefs) : await ctx.prefs.get();
  return { status: 'ok', prefs: saved };
}

// -- files (uploads, drops, pasted images): the bytes go to the host, which reads them by content ----

/** Largest file a content script may hand over (base64 in one runtime message stays under 64 MiB). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Reading a file (PDF pages, archives, OCR of a screenshot) takes longer than scanning a paste. */
export const FILE_VERDICT_TIMEOUT_MS = 60000;
const FILE_EVENTS = ['paste', 'drop', 'upload'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function parseScanFile(message) {
  if (!onlyKeys(message, ['type', 'event', 'name', 'data', 'size'])) return null;
  const { event, name = null, data, size } = message;
  if (!FILE_EVENTS.includes(event) || typeof data !== 'string' || data.length % 4 !== 0) return null;
  if (!Number.isInteger(size) || size < 0 || size > MAX_FILE_BYTES || data.length !== Math.ceil(size / 3) * 4) return null;
  if (name !== null && (typeof name !== 'string' || name.length > FIELD_MAX_LENGTH.name)) return null;
  if (!BASE64.test(data)) return null;
  return { event, name, data, size };
}

/** Sends the file in chunks when it is larger than one request may carry, then asks for the verdict. */
async function handleScanFile({ event, name, data, size }, { sender, guarded }, ctx) {
  if (!guarded) return { status: 'unguarded' };
  const cfg = await ctx.config();
  const timeoutMs = Math.max(cfg.timeoutMs, FILE_VERDICT_TIMEOUT_MS);
  const { site, url } = senderAddress(sender);
  const piece = FIELD_MAX_LENGTH.data; // a multiple of 4: chunks split between base64 quads
  let uploadId = null;
  if (data.length > piece) {
    uploadId = globalThis.crypto.randomUUID();
    for (let at = 0; at < data.length; at += piece) {
      const chunk = uploadChunkRequest({ uploadId, offset: (at / 4) * 3, data: data.slice(at, at + piece) });
      const { answer } = await ask(ctx, cfg, chunk, 'upload_ack', timeoutMs);
      if (answer) return answer;
    }
  }
  const request = scanFileRequest({
    uploadId,
    data: uploadId === null ? data : null,
    size,
    name,
    event,
    site,
    url,
    conversationId: await ctx.state.conversationId(sender.tab.id, site),
  });
  const { reply, answer } = await ask(ctx, cfg, request, 'file_verdict', timeoutMs);
  if (answer) return answer;
  await noteVerdict(ctx, cfg, reply, sender.tab.id);
  const rebuildable = reply.file.rebuildable && typeof reply.masked_text === 'string';
  return verdictAnswer(cfg, reply, {
    // The extracted text stays with the host: findings are shown by category, without previews.
    findings: findingsDisplay('', reply.findings),
    spans: [],
    masked_text: rebuildable ? reply.masked_text : null,
    file: { kind: reply.file.kind, readable: reply.file.readable, refused: reply.file.refused },
  });
}

/** The one table: message type -> tier, shape check, handler (and whether the site must be guarded). */
export const HANDLERS = Object.freeze({
  guard_status: { tier: 'content', parse: parseBare, handle: handleGuardStatus, needsGuarded: false },
  scan: { tier: 'content', parse: parseScan, handle: handleScan, needsGuarded: false },
  scan_file: { tier: 'content', parse: parseScanFile, handle: handleScanFile, needsGuarded: false },
  decision: { tier: 'content', parse: parseDecision, handle: handleDecision, needsGuarded: true },
  restore: { tier: 'content', parse: parseRestore, handle: handleRestore, needsGuarded: true },
  visit: { tier: 'content', parse: parseBare, handle: handleVisit, needsGuarded: true },
  status: { tier: 'extension', parse: parseBare, handle: handleStatus, needsGuarded: false },
  settings: { tier: 'extension', parse: parseSettings, handle: handleSettings, needsGuarded: false },
});

/** `extension`, `content` or null (refused): who sent a message, judged only from `sender`. */
export function senderTier(sender, { extensionId, extensionOrigin }) {
  if (!isRecord(sender) || sender.id !== extensionId || typeof sender.url !== 'string') return null;
  if (sender.url.startsWith(extensionOrigin)) return 'extension';
  if (isRecord(sender.tab) && Number.isInteger(sender.tab.id) && senderAddress(sender) !== null) return 'content';
  return null;
}

/** Guarded: a guarded or unreadable site, or with `guard_everywhere` any site not allowlisted. */
export function isGuardedUrl(url, cfg) {
  const status = siteStatus(cfg.guardedSites, cfg.allowlistedSites, url);
  if (status === SITE_STATUS.NOT_GUARDED) return cfg.guardEverywhere === true;
  return status !== SITE_STATUS.ALLOWLISTED;
}

/** Whether the frame that sent a message is on a guarded site (its URL, or its host when only that is known). */
export function isGuardedSender(sender, cfg) {
  const { site, url } = senderAddress(sender);
  return isGuardedUrl(url ?? site, cfg);
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
    guarded = isGuardedSender(sender, await ctx.config());
    if (row.needsGuarded && !guarded) return { status: 'rejected', reason: 'unguarded' };
  }
  try {
    return await row.handle(parsed, { sender, guarded }, ctx);
  } catch {
    return { status: 'rejected', reason: 'internal' };
  }
}
