/** Microsoft Copilot (consumer): a textarea `#userInput`. */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'copilot')) return;
  ns.registerAdapter(ns.makeAdapter({
    id: 'copilot',
    hosts: ['copilot.microsoft.com'],
    prompt: ['textarea#userInput', 'textarea[data-testid="composer-input"]'],
    send: ['button[data-testid="submit-button"]', 'button[aria-label="Submit message"]'],
    answers: ['[data-content="ai-message"]'],
    sendApis: [{ path: '/c/api/chat', text: ['content/*/text'] }], // a WebSocket
  }));
})();
