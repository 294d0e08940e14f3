/** Gemini: a Quill editor inside `rich-textarea`. */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'gemini')) return;
  ns.registerAdapter(ns.makeAdapter({
    id: 'gemini',
    hosts: ['gemini.google.com'],
    prompt: ['rich-textarea .ql-editor[contenteditable="true"]', '.ql-editor[contenteditable="true"]'],
    send: ['button.send-button', 'button[aria-label*="Send" i]'],
    answers: ['message-content', '.model-response-text'],
    // Form-encoded `f.req`: a JSON array whose second item is JSON again, the prompt first in it.
    sendApis: [{ path: '**/assistant.lamda.BardFrontendService/StreamGenerate', text: ['f.req/1/0/0'] }],
  }));
})();
