/**
 * DeepSeek: a plain textarea `#chat-input`. Its send control is an unlabelled div with role=button and
 * generated class names, so no selector names it: the interceptor's composer rule covers it.
 */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'deepseek')) return;
  ns.registerAdapter(ns.makeAdapter({
    id: 'deepseek',
    hosts: ['chat.deepseek.com'],
    prompt: ['textarea#chat-input', 'textarea'],
    send: [],
    answers: ['.ds-markdown'],
    sendApis: [{ path: '/api/v0/chat/completion', text: ['prompt'] }],
  }));
})();
