/**
 * The options page: an extension page, so it may send the privileged `status` and `settings`
 * messages. Shows whether the host answers, the policy in force and the guarded sites; grants host
 * access for sites the policy adds (a permission request needs a click on this page).
 */

import { defaultApi } from '../common/browser.js';

const api = defaultApi();

const $ = (id) => document.getElementById(id);
const t = (key, ...subs) => api.i18n.getMessage(key, subs.map(String)) || key;

function fact(list, name, value) {
  const dt = document.createElement('dt');
  dt.textContent = name;
  const dd = document.createElement('dd');
  dd.textContent = value;
  list.append(dt, dd);
}

function items(list, values) {
  list.replaceChildren(...values.map((v) => Object.assign(document.createElement('li'), { textContent: v })));
}

async function render() {
  const status = await api.runtime.sendMessage({ type: 'status' });
  if (status?.status !== 'ok') return;
  const { config, hello, policy, managed, prefs, sites } = status;
  $('connection').textContent = status.connected ? t('options_connected') : t('options_disconnected', status.last_error ?? '');
  const facts = $('facts');
  facts.replaceChildren();
  fact(facts, 'host', config.hostName);
  if (hello) fact(facts, 'app', `${hello.app_version} (${hello.engine_mode}, ${hello.served_by})`);
  if (policy) fact(facts, 'policy', `v${policy.version}${policy.simulation ? ' (simulation)' : ''}`);
  fact(facts, 'fail mode', config.failMode);
  fact(facts, 'timeout', `${config.timeoutMs} ms`);
  fact(facts, 'extension', status.extension_version);
  items($('sites'), config.guardedSites);
  $('missing').hidden = !sites.missing.length;
  items($('missing-list'), sites.missing);
  $('grant').onclick = async () => {
    await api.permissions.request({ origins: sites.missing }); // the worker re-registers on permissions.onAdded
    setTimeout(render, 500);
  };
  const reveal = $('reveal');
  reveal.checked = config.revealPlaceholders;
  reveal.disabled = 'revealPlaceholders' in managed.values;
  reveal.onchange = () => api.runtime.sendMessage({ type: 'settings', prefs: { reveal_placeholders: reveal.checked } });
  const forced = Object.keys(managed.values);
  $('managed').textContent = forced.length ? t('options_managed', forced.join(', ')) : '';
}

for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
render();
