/** Hugging Face Chat (huggingface.co/chat): a textarea in a form. */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'huggingchat')) return;
  ns.registerAdapter(ns.makeAdapter({
    id: 'huggingchat',
    hosts: ['huggingface.co'],
    paths: ['/chat'],
    prompt: ['form textarea', 'textarea'],
    send: ['button[name="submit"]', 'button[type="submit"]'],
    answers: ['.prose'],
    sendApis: [{ path: '/chat/conversation/*', text: ['data/inputs'] }], // FormData, `data` JSON
  }));
})();
