/** Poe: a growing textarea. */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'poe')) return;
  ns.registerAdapter(ns.makeAdapter({
    id: 'poe',
    hosts: ['poe.com'],
    prompt: ['textarea[class*="GrowingTextArea"]', 'textarea'],
    send: ['button[data-button-send="true"]', 'button[class*="sendButton"]'],
    answers: ['[class*="Message_botMessageBubble"]'],
  }));
})();
