/** Perplexity: a Lexical editor `#ask-input` (a textarea on older builds). */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'perplexity')) return;
  ns.registerAdapter(ns.makeAdapter({
    id: 'perplexity',
    hosts: ['perplexity.ai', 'www.perplexity.ai'],
    prompt: ['#ask-input', '[data-lexical-editor="true"]', 'textarea[placeholder]'],
    send: ['button[data-testid="submit-button"]', 'button[aria-label="Submit"]'],
    answers: ['.prose'],
    sendApis: [{ path: '/rest/sse/perplexity_ask', text: ['query_str'] }],
  }));
})();
