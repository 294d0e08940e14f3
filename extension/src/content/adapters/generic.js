/** The adapter for a guarded site no specific adapter knows (sites an admin adds to the policy). */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns || ns.genericAdapter) return;
  ns.genericAdapter = ns.makeAdapter({ id: 'generic', hosts: [] });
  ns.genericAdapter.matches = () => true;
})();
