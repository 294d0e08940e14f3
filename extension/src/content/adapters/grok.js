/** Grok, on grok.com and inside X (x.com/i/grok): a TipTap/ProseMirror editor or a textarea. */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'grok')) return;
  const selectors = {
    prompt: ['div.tiptap.ProseMirror[contenteditable="true"]', 'textarea'],
    send: ['button[type="submit"]', 'button[aria-label="Submit"]', 'button[aria-label="Grok something"]'],
    answers: ['.message-bubble'],
    sendApis: ['/rest/app-chat/conversations/new', '/rest/app-chat/conversations/*/responses'].map((path) => ({ path, text: ['message'] })),
  };
  ns.registerAdapter(ns.makeAdapter({ id: 'grok', hosts: ['grok.com'], ...selectors }));
  ns.registerAdapter(ns.makeAdapter({ id: 'grok-x', hosts: ['x.com'], paths: ['/i/grok'], ...selectors }));
})();
