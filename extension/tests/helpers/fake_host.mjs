/**
 * A stand-in for the DLP Guard native host (the other process, the far end of connectNative). It
 * checks every request against docs/protocol.schema.json and answers with replies built to the same
 * schema, so a test that passes through it also proves both sides agree on the wire format.
 */
import { MAX_REPLY_BYTES, MAX_REQUEST_BYTES } from '../../src/common/generated.js';
import { validate } from '../../src/common/jsonschema.js';
import { protocolSchema } from './paths.mjs';

const SCHEMA = protocolSchema();

/** Fields a newer host adds (NER still loading, budget): filled in only where the schema has them. */
function newerFields(type, defaults) {
  const known = SCHEMA.$defs[type]?.properties ?? {};
  return Object.fromEntries(Object.entries(defaults).filter(([key]) => key in known));
}
const VERDICT_EXTRAS = newerFields('verdict', { ner_pending: false, ner_skipped_chars: 0, ner_gated: false });
const HELLO_EXTRAS = newerFields('hello_ok', { ner_pending: false });

export function policySummary(overrides = {}) {
  return {
    version: 3,
    fail_mode: 'closed',
    verdict_timeout_ms: 1500,
    simulation: false,
    guarded_sites: ['chatgpt.com', 'claude.ai', 'x.com/i/grok', 'huggingface.co/chat', 'chat.example.org'],
    allowlisted_sites: [],
    guard_everywhere: false,
    override: { allow: true, require_justification: true, min_justification_chars: 10 },
    limits: { max_scan_chars: 5000000, max_request_bytes: MAX_REQUEST_BYTES, max_reply_bytes: MAX_REPLY_BYTES },
    ...overrides,
  };
}

/** A verdict reply for `request` with the given fields (the rest filled in as the host would). */
export function verdictReply(request, fields = {}) {
  const findings = fields.findings ?? [];
  return {
    v: 1,
    id: request.id,
    type: 'verdict',
    served_by: 'app',
    action: 'allow',
    would_action: fields.action ?? 'allow',
    simulated: false,
    reason: '',
    finding_count: findings.length,
    findings_truncated: false,
    masked_text: null,
    masked_text_omitted: false,
    replacements: [],
    override: { allowed: true, justification_required: true, min_justification_chars: 10 },
    incident_id: findings.length ? `inc-${request.id.slice(0, 8)}` : null,
    policy_version: 3,
    group: null,
    engine_mode: 'ner',
    elapsed_ms: 1.5,
    ...VERDICT_EXTRAS,
    ...fields,
    findings,
  };
}

/** A verdict reply turned into the `file_verdict` for a text file the host read (and could rebuild). */
export function fileVerdictOf(reply, file = {}) {
  return {
    ...reply,
    type: 'file_verdict',
    file: { kind: 'text', readable: true, unreadable_reason: '', refused: null, rebuildable: true, encoding: 'utf-8', extract_ms: 0.2, ...file },
  };
}

/** A finding of `value` in `text` (UTF-16 offsets, as the host sends them). */
export function findingOf(text, value, { entity_type = 'AWS_ACCESS_KEY', category = 'secret', action = 'block' } = {}) {
  const start = text.indexOf(value);
  if (start < 0) throw new Error(`value not in text: ${value}`);
  return { entity_type, category, start, end: start + value.length, score: 0.99, recognizer: 'TestRecognizer', action };
}

export class FakeNativeHost {
  /**
   * @param {object} options
   * @param {object} [options.policy] policy summary fields for hello_ok
   * @param {(request: object) => object|Promise<object>|undefined} [options.onScan] the verdict (undefined: never answer)
   * @param {(request: object) => object} [options.onDecision] decision_recorded fields
   * @param {Map<string, Map<string, string>>} [options.vault] conversation -> label -> value, for restore
   */
  constructor({ policy = {}, onScan = (r) => verdictReply(r), onScanFile = null, onDecision = () => ({}), vault = new Map(), engineMode = 'ner' } = {}) {
    this.policy = policySummary(policy);
    this.onScanFile = onScanFile;
    this.uploads = new Map();
    this.engineMode = engineMode;
    this.onScan = onScan;
    this.onDecision = onDecision;
    this.vault = vault;
    this.requests = [];
    this.problems = [];
    this.connections = [];
    this.ports = [];
  }

  /** Requests of one type, in order. */
  sent(type) {
    return this.requests.filter((r) => r.type === type);
  }

  connect(hostName) {
    this.connections.push(hostName);
    const messageListeners = [];
    const disconnectListeners = [];
    const port = {
      open: true,
      onMessage: { addListener: (f) => messageListeners.push(f) },
      onDisconnect: { addListener: (f) => disconnectListeners.push(f) },
      postMessage: (message) => {
        if (!port.open) throw new Error('Attempting to use a disconnected port object');
        this.#receive(JSON.parse(JSON.stringify(message)), port);
      },
      disconnect: () => {
        port.open = false;
      },
      deliver: (reply) => {
        if (port.open) for (const f of messageListeners) f(JSON.parse(JSON.stringify(reply)), port);
      },
      drop: (message) => {
        if (!port.open) return;
        port.open = false;
        port.error = { message };
        for (const f of disconnectListeners) f(port);
      },
    };
    this.ports.push(port);
    return port;
  }

  /** The host process exits: every open port is disconnected. */
  crash(message = 'Native host has exited.') {
    for (const port of this.ports) port.drop(message);
  }

  #receive(request, port) {
    this.problems.push(...validate(SCHEMA.$defs.request, request, SCHEMA));
    this.requests.push(request);
    Promise.resolve(this.#answer(request)).then((reply) => {
      if (reply === undefined) return; // a host that never answers this one
      this.problems.push(...validate(SCHEMA.$defs.reply, reply, SCHEMA).map((p) => `reply: ${p}`));
      setTimeout(() => port.deliver(reply), 0);
    });
  }

  /**
   * A file's verdict: `onScanFile(request, bytes)` when given, else the file's bytes read as UTF-8 and
   * judged by `onScan` as a text (what the real host does with a text file), as a `file_verdict`.
   */
  async #scanFile(request) {
    const bytes = request.upload_id ? Buffer.concat(this.uploads.get(request.upload_id) ?? []) : Buffer.from(request.data, 'base64');
    if (this.onScanFile) return this.onScanFile(request, bytes);
    const reply = await this.onScan({ ...request, type: 'scan', text: bytes.toString('utf8') });
    if (reply === undefined || reply.type !== 'verdict') return reply;
    return fileVerdictOf(reply);
  }

  #answer(request) {
    const base = { v: 1, id: request.id, served_by: 'app' };
    switch (request.type) {
      case 'hello':
        return { ...base, type: 'hello_ok', protocol_versions: [1], app_version: '0.1.0', engine_mode: this.engineMode, ...HELLO_EXTRAS, policy: this.policy };
      case 'scan':
        return this.onScan(request);
      case 'upload_chunk': {
        const held = this.uploads.get(request.upload_id) ?? [];
        held.push(Buffer.from(request.data, 'base64'));
        this.uploads.set(request.upload_id, held);
        return { ...base, type: 'upload_ack', upload_id: request.upload_id, received: Buffer.concat(held).length };
      }
      case 'scan_file':
        return this.#scanFile(request);
      case 'decision':
        return { ...base, type: 'decision_recorded', incident_id: request.incident_id, recorded: true, allowed: true, reason: '', ...this.onDecision(request) };
      case 'restore': {
        const labels = this.vault.get(request.conversation_id) ?? new Map();
        let restored = 0;
        const unknown = [];
        const text = request.text.replace(/<([A-Z][A-Z0-9_]*_[0-9]+)>/g, (whole, label) => {
          if (!labels.has(label)) {
            unknown.push(whole);
            return whole;
          }
          restored += 1;
          return labels.get(label);
        });
        return { ...base, type: 'restored', text, restored, unknown };
      }
      case 'visit':
        return { ...base, type: 'visit_counted', service: request.site.replace(/^www\./, '') };
      default:
        return { ...base, type: 'error', code: 'unknown_type', message: 'unknown type', supported_versions: [1] };
    }
  }
}
