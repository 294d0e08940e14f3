/**
 * The values of common/generated.js for the content scripts, as `globalThis.DLPG.shared`.
 * Generated from Python by `python -m dlpguard.bridge.regenerate` (dlpguard/bridge/shared_constants.py);
 * do not edit: change the Python source and regenerate.
 */
(function () {
  'use strict';
  const ns = (globalThis.DLPG ??= {});
  ns.shared ??= Object.freeze({
    /** Bridge protocol version (dlpguard/bridge/protocol.py). */
    PROTOCOL_VERSION: 1,
    /** Request types (dlpguard/bridge/protocol.py REQUEST_MODELS). */
    REQUEST_TYPES: Object.freeze(['hello', 'scan', 'decision', 'restore']),
    /** Reply types (dlpguard/bridge/protocol.py Reply). */
    REPLY_TYPES: Object.freeze(['hello_ok', 'verdict', 'decision_recorded', 'restored', 'error']),
    /** How a text is about to leave the page (`scan.event`) (dlpguard/bridge/protocol.py). */
    SCAN_EVENTS: Object.freeze(['paste', 'drop', 'submit', 'upload']),
    /** What the user chose after a verdict (`decision.user_action`) (dlpguard/bridge/protocol.py). */
    USER_ACTIONS: Object.freeze(['cancel', 'send_masked', 'send_anyway']),
    /** What a verdict tells the extension to do (`verdict.action`) (dlpguard/bridge/protocol.py). */
    VERDICT_ACTIONS: Object.freeze(['allow', 'warn', 'mask', 'block']),
    /**
     * Longest string (in code points) each request field may carry; the host refuses longer
     * (dlpguard/bridge/protocol.py request models).
     */
    FIELD_MAX_LENGTH: Object.freeze({ id: 128, extension_version: 64, browser: 64, site: 2048, url: 8192, conversation_id: 256, incident_id: 64, justification: 4000 }),
    /**
     * Largest request frame the host reads by default (`hello_ok` says the limit in force)
     * (dlpguard/bridge/framing.py).
     */
    MAX_REQUEST_BYTES: 8388608,
    /**
     * Largest reply frame the host sends: the browsers' limit for a message from a host
     * (dlpguard/bridge/framing.py).
     */
    MAX_REPLY_BYTES: 1048576,
    /** The native-messaging host's registered name (dlpguard/bridge/manifests.py). */
    NATIVE_HOST_NAME: 'com.dlpguard.host',
    /**
     * Categories from the most to the least harmful (the engine's overlap priority): the overlay lists them in
     * this order (dlpguard/engine/resolve.py PRIORITY).
     */
    CATEGORY_ORDER: Object.freeze(['secret', 'financial', 'government_id', 'health', 'custom', 'contact', 'network', 'person', 'location']),
    /** Policy fail modes (dlpguard/policy/schema.py). */
    FAIL_MODES: Object.freeze(['closed', 'open']),
    /** Fail mode until the host names the policy's (dlpguard/policy/default_policy.yaml). */
    DEFAULT_FAIL_MODE: 'closed',
    /** Verdict time budget until the host names the policy's (dlpguard/policy/default_policy.yaml). */
    DEFAULT_VERDICT_TIMEOUT_MS: 1500,
    /**
     * Sites guarded until the host names the policy's: the default policy's guarded groups
     * (dlpguard/policy/default_policy.yaml).
     */
    BUILTIN_GUARDED_SITES: Object.freeze(['chatgpt.com', 'chat.openai.com', 'chat.deepseek.com', 'claude.ai', 'gemini.google.com', 'copilot.microsoft.com', 'perplexity.ai', 'www.perplexity.ai', 'chat.mistral.ai', 'grok.com', 'x.com/i/grok', 'meta.ai', 'www.meta.ai', 'poe.com', 'huggingface.co/chat']),
  });
})();
