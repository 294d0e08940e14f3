/**
 * The built-in check when no host answers and the policy says `fail_mode: open`: without it a dead host
 * (or a paste above the size limit) was an on-demand bypass. It finds only what needs no context to be
 * sure of: the engine's high-confidence secret patterns (generated into shared.js from the recognizer
 * registry, dlpguard/engine/fallback.py) and Luhn-valid card numbers. It reports the first hit's entity
 * and category, never the value.
 */
(function () {
  'use strict';
  const ns = (globalThis.DLPG ??= {});
  if (ns.fallback) return;

  const KNOWN = new Set(ns.shared.FALLBACK_KNOWN_VALUES);
  const RULES = ns.shared.FALLBACK_RULES.flatMap((rule) => {
    try {
      return [{ ...rule, regex: new RegExp(rule.source, 'gm') }];
    } catch {
      return []; // a rule this browser cannot compile: the others still run (a unit test compiles all)
    }
  });
  /** 13–19 digits, optionally grouped by single spaces or dashes, not glued to other digits. */
  const CARD = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g;
  /** Issuer prefixes of the card brands the engine reports (Visa, Mastercard incl. 2-series, Amex,
   * Discover, JCB, Diners, UnionPay). */
  const ISSUER = /^(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5|4[4-9])|35|3(?:0[0-5]|[689])|62)/;

  function bare(value) {
    return value.toLowerCase().replace(/[\s-]/g, '');
  }

  /** A value of a secret pattern that only marks where a secret goes (xxxx, EXAMPLE, a repeated char). */
  function placeholder(value) {
    const lower = value.toLowerCase();
    if (/x{4}|example|your_|your-|placeholder|redacted|\*{4}/.test(lower)) return true;
    return new Set(lower).size < 6;
  }

  function luhn(digits) {
    let sum = 0;
    for (let i = 0; i < digits.length; i += 1) {
      let d = digits.charCodeAt(digits.length - 1 - i) - 48;
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    return sum % 10 === 0;
  }

  function card(text) {
    for (const match of text.matchAll(CARD)) {
      const digits = match[0].replace(/[ -]/g, '');
      if (digits.length < 13 || !ISSUER.test(digits) || /^(\d)\1+$/.test(digits)) continue;
      if (luhn(digits) && !KNOWN.has(digits)) return { entity: 'CREDIT_CARD', category: 'financial' };
    }
    return null;
  }

  /** The first high-confidence finding in `text` as `{entity, category}`, or null. */
  function check(text) {
    if (typeof text !== 'string' || !text) return null;
    for (const rule of RULES) {
      for (const match of text.matchAll(rule.regex)) {
        const value = match.groups?.value ?? match[0];
        if (!KNOWN.has(bare(value)) && !placeholder(value)) return { entity: rule.entity, category: rule.category };
      }
    }
    return card(text);
  }

  ns.fallback = { check, rules: RULES.length };
})();
