/** Mistral Le Chat: a ProseMirror editor (a textarea on older builds). */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'mistral')) return;
  ns.registerAdapter(ns.makeAdapter({
    id: 'mistral',
    hosts: ['chat.mistral.ai'],
    prompt: ['div.ProseMirror[contenteditable="true"]', 'textarea'],
    send: ['button[aria-label="Send question"]', 'button[type="submit"]'],
    answers: ['[data-message-author-role="assistant"]'],
  }));
})();
