// The agent's web UI: status, phone (dialer and live calls), history, contacts, settings, and the incoming-call
// popup, all live from the event stream. No framework: each page owns a few elements and renders from `state`.
import { api, followEvents, whenSignedOut } from './api.js';
import { el, numberOf, nameOf, fillIncoming, ringingCall, describeError } from './common.js';
import { t, translatePage, dateTime, duration } from './i18n.js';

const $ = (id) => document.getElementById(id);
const pages = ['status', 'phone', 'history', 'contacts', 'settings'];
const state = { version: '', accounts: [], calls: new Map(), history: [], pairings: [], signedIn: false };

// ---- shell: pages, connection, toast ------------------------------------------------------------------------

function currentPage() {
  const name = location.hash.replace(/^#/, '');
  return pages.includes(name) ? name : 'phone';
}

function showPage() {
  if (!state.signedIn) return;
  const page = currentPage();
  for (const name of pages) $(`page-${name}`).hidden = name !== page;
  for (const link of $('nav').querySelectorAll('a')) {
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (page === 'history') loadHistory();
  if (page === 'settings') loadSettings();
}

function setConnection(status) {
  const node = $('connection');
  node.textContent = t(status === 'live' ? 'conn.live' : 'conn.reconnecting');
  node.dataset.state = status;
}

let toastTimer = 0;
function toast(text) {
  const node = $('toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, 6000);
}

function signedOut() {
  state.signedIn = false;
  $('nav').hidden = true;
  for (const name of pages) $(`page-${name}`).hidden = true;
  $('incoming').hidden = true;
  $('signin').hidden = false;
  $('connection').textContent = t('conn.signedOut');
  $('connection').dataset.state = 'out';
}

async function run(action) {
  try {
    return await action();
  } catch (error) {
    toast(describeError(error));
    return undefined;
  }
}

// ---- status -------------------------------------------------------------------------------------------------

function accountItem(account, extra) {
  return el('li', { class: 'account' },
    el('div', { class: 'line' },
      el('span', { class: 'aor', text: account.aor }),
      account.preset ? el('span', { class: 'muted preset', text: t('accounts.preset', account.preset) }) : null,
      el('span', { class: `badge ${account.state}`, text: t(`state.${account.state}`) })),
    account.reason ? el('p', { class: 'reason', text: account.reason }) : null,
    extra);
}

function renderAccounts() {
  $('status-version').textContent = state.version || '–';
  $('status-dnd').checked = Boolean(state.doNotDisturb);
  $('status-calls').textContent = String(state.calls.size);
  const empty = () => el('li', { class: 'muted', text: t('accounts.none') });
  $('status-accounts').replaceChildren(...(state.accounts.length ? state.accounts.map((a) => accountItem(a)) : [empty()]));
  $('settings-accounts').replaceChildren(...(state.accounts.length ? state.accounts.map((a) => accountItem(a, el('button', {
    type: 'button',
    text: t('accounts.test'),
    'aria-label': t('accounts.testOf', a.aor),
    onclick: () => run(() => api('POST', `/v1/accounts/${encodeURIComponent(a.id)}/register`)),
  }))) : [empty()]));
}

// ---- phone: dialer and calls --------------------------------------------------------------------------------

const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function setupDialer() {
  const input = $('dial-number');
  $('dial-keypad').replaceChildren(...keys.map((key) => el('button', {
    type: 'button', class: 'key', text: key,
    onclick: () => { input.value += key; input.focus(); },
  })));
  $('dial-clear').addEventListener('click', () => { input.value = ''; input.focus(); });
  $('dialer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const to = input.value.trim();
    $('dial-error').textContent = '';
    if (!to) {
      $('dial-error').textContent = t('dialer.empty');
      return;
    }
    try {
      const call = await api('POST', '/v1/calls', { to });
      learnCall(call);
    } catch (error) {
      $('dial-error').textContent = describeError(error);
    }
  });
}

const cards = new Map();
const endedCalls = new Set();

/** A call the page learnt of from a command's answer: kept unless the event stream already told more. */
function learnCall(call) {
  if (call?.id && !state.calls.has(call.id) && !endedCalls.has(call.id) && call.state !== 'ended') {
    state.calls.set(call.id, call);
    renderCalls();
  }
}

function callAction(call, action, body) {
  return run(async () => {
    await api('POST', `/v1/calls/${encodeURIComponent(call.id)}/${action}`, body);
    // The event stream brings the call's new state (a command's answer may predate it).
  });
}

function createCard(call) {
  const ui = {};
  const button = (key, action, className = '') => el('button', {
    type: 'button', class: className, text: t(key), onclick: () => action(ui.call),
  });
  ui.name = el('h3', { class: 'who' });
  ui.meta = el('p', { class: 'meta' });
  ui.timer = el('span', { class: 'timer', 'aria-hidden': 'true' });
  ui.lock = el('span', { class: 'lock', role: 'img', text: '\u{1F512}', title: t('call.encrypted'), 'aria-label': t('call.encrypted'), hidden: true });
  ui.answer = button('call.answer', (c) => callAction(c, 'answer'), 'primary answer');
  ui.hangup = button('call.hangup', (c) => callAction(c, 'hangup'), 'danger');
  ui.hold = button('call.hold', (c) => callAction(c, 'hold'));
  ui.resume = button('call.resume', (c) => callAction(c, 'resume'));
  ui.mute = button('call.mute', (c) => callAction(c, 'mute'));
  ui.unmute = button('call.unmute', (c) => callAction(c, 'unmute'));
  ui.transferToggle = el('button', { type: 'button', text: t('call.transfer'), 'aria-expanded': 'false' });
  ui.keypadToggle = el('button', { type: 'button', text: t('call.keypad'), 'aria-expanded': 'false' });

  const transferInput = el('input', { type: 'text', inputMode: 'tel', spellcheck: false, 'aria-label': t('call.transferTo') });
  ui.transferForm = el('form', {
    class: 'inline-form', hidden: true,
    onsubmit: (event) => {
      event.preventDefault();
      const to = transferInput.value.trim();
      if (to) callAction(ui.call, 'transfer', { to });
    },
  }, transferInput, el('button', { type: 'submit', class: 'primary', text: t('call.transferGo') }));
  ui.keypad = el('div', { class: 'keypad small', hidden: true }, keys.map((key) => el('button', {
    type: 'button', class: 'key', text: key, 'aria-label': t('call.sendDigit', key),
    onclick: () => callAction(ui.call, 'dtmf', { digits: key }),
  })));
  const toggle = (toggleButton, panel, focus) => toggleButton.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    toggleButton.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden && focus) focus.focus();
  });
  toggle(ui.transferToggle, ui.transferForm, transferInput);
  toggle(ui.keypadToggle, ui.keypad);

  ui.root = el('li', { class: 'call-card', 'aria-labelledby': `call-${call.id}` },
    el('div', { class: 'line' }, el('div', { class: 'title' }, ui.name, ui.lock), ui.timer), ui.meta,
    el('div', { class: 'row actions' }, ui.answer, ui.hold, ui.resume, ui.mute, ui.unmute, ui.transferToggle, ui.keypadToggle, ui.hangup),
    ui.transferForm, ui.keypad);
  ui.name.id = `call-${call.id}`;
  return ui;
}

function updateCard(ui, call) {
  ui.call = call;
  ui.name.textContent = nameOf(call);
  const parts = [t(`dir.${call.direction}`), t(`callstate.${call.state}`)];
  if (call.contact?.company) parts.push(call.contact.company);
  if (nameOf(call) !== numberOf(call)) parts.push(numberOf(call));
  if (call.muted) parts.push(t('call.muted'));
  if (call.waiting) parts.push(t('call.waiting'));
  ui.meta.textContent = parts.join(' · ');
  ui.lock.hidden = !call.encrypted;
  ui.root.dataset.state = call.state;
  const live = call.state === 'active' || call.state === 'held';
  ui.answer.hidden = !(call.direction === 'inbound' && call.state === 'ringing');
  ui.hold.hidden = call.state !== 'active';
  ui.resume.hidden = call.state !== 'held';
  ui.mute.hidden = !live || call.muted;
  ui.unmute.hidden = !live || !call.muted;
  ui.transferToggle.hidden = !live;
  ui.keypadToggle.hidden = call.state !== 'active';
  if (!live) ui.transferForm.hidden = true;
  if (call.state !== 'active') ui.keypad.hidden = true;
  tick(ui);
}

function tick(ui) {
  const since = ui.call.answeredAt ?? ui.call.startedAt;
  ui.timer.textContent = since ? duration((Date.now() - Date.parse(since)) / 1000) : '';
}

function renderCalls() {
  const list = $('calls');
  for (const [id, ui] of cards) {
    if (!state.calls.has(id)) {
      ui.root.remove();
      cards.delete(id);
    }
  }
  for (const call of state.calls.values()) {
    let ui = cards.get(call.id);
    if (!ui) {
      ui = createCard(call);
      cards.set(call.id, ui);
      list.append(ui.root);
    }
    updateCard(ui, call);
  }
  $('calls-empty').hidden = state.calls.size > 0;
  $('status-calls').textContent = String(state.calls.size);
  renderIncoming();
}

let incomingId = null;
function renderIncoming() {
  const panel = $('incoming');
  const call = state.signedIn ? ringingCall(state.calls.values()) : null;
  if (!call) {
    panel.hidden = true;
    incomingId = null;
    return;
  }
  fillIncoming(panel, call);
  const isNew = incomingId !== call.id;
  incomingId = call.id;
  panel.hidden = false;
  if (isNew) $('incoming-answer').focus({ preventScroll: true });
}

// ---- history ------------------------------------------------------------------------------------------------

// The search box (q=) and the missed-calls box (missed=true) ask the agent, so they find calls older than the page's
// newest records; each answer is shown only if nothing newer was asked meanwhile, so a slow answer to an old question
// never replaces a newer one's.
let historyRequest = 0;
let historySearchTimer = 0;
function loadHistory() {
  const request = ++historyRequest;
  const query = $('history-search').value.trim();
  const path = '/v1/history?limit=200' + (query ? `&q=${encodeURIComponent(query)}` : '')
    + ($('history-missed').checked ? '&missed=true' : '');
  return run(async () => {
    let records;
    try {
      records = await api('GET', path);
    } catch (error) {
      if (request === historyRequest) throw error;
      return;
    }
    if (request !== historyRequest) return;
    state.history = records;
    renderHistory();
  });
}

function searchHistory() {
  clearTimeout(historySearchTimer);
  historySearchTimer = setTimeout(loadHistory, 250);
}

function filterHistory() {
  clearTimeout(historySearchTimer);
  loadHistory();
}

function renderHistory() {
  $('history-rows').replaceChildren(...state.history.map(historyRow));
  $('history-empty').hidden = state.history.length > 0;
}

function historyRow(record) {
  const who = el('td', {},
    el('div', { class: 'who', text: nameOf(record) }),
    nameOf(record) !== numberOf(record) ? el('div', { class: 'muted', text: numberOf(record) }) : null);
  const result = el('td', {},
    el('span', { class: `badge ${record.disposition ?? 'live'}`, text: record.disposition ? t(`disp.${record.disposition}`) : t('history.live') }),
    el('div', { class: 'muted', text: t(`dir.${record.direction}`) }));
  const notes = el('td', { class: 'notes' });
  const showNote = () => {
    notes.replaceChildren(
      record.notes ? el('p', { class: 'note', text: record.notes }) : null,
      el('button', {
        type: 'button', class: 'link', text: record.notes ? '✎' : t('history.addNote'),
        'aria-label': t('history.editNote', record.id), onclick: editNote,
      }));
  };
  const editNote = () => {
    const area = el('textarea', { rows: 2, value: record.notes ?? '', 'aria-label': t('history.noteFor', record.id) });
    const form = el('form', {
      class: 'note-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const saved = await run(() => api('PATCH', `/v1/history/${record.id}`, { notes: area.value }));
        if (saved) {
          Object.assign(record, saved);
          toast(t('history.saved'));
          showNote();
        }
      },
    }, area, el('div', { class: 'row' },
      el('button', { type: 'submit', class: 'primary', text: t('history.save') }),
      el('button', { type: 'button', text: t('history.cancel'), onclick: showNote })));
    notes.replaceChildren(form);
    area.focus();
  };
  showNote();
  return el('tr', {},
    el('td', { text: dateTime.format(new Date(record.startedAt)) }),
    who, result,
    el('td', { class: 'num', text: record.disposition === 'answered' ? duration(record.durationSeconds) : '–' }),
    notes);
}

// ---- contacts -----------------------------------------------------------------------------------------------

async function searchContacts() {
  const q = $('contacts-search').value.trim();
  if (!q) {
    $('contacts').replaceChildren(el('li', { class: 'muted', text: t('contacts.hint') }));
    return;
  }
  const found = await run(() => api('GET', `/v1/contacts?q=${encodeURIComponent(q)}`));
  if (!found) return;
  $('contacts').replaceChildren(...(found.length ? found.map(contactItem) : [el('li', { class: 'muted', text: t('contacts.none') })]));
}

function contactItem(contact) {
  const first = contact.numbers?.[0];
  return el('li', { class: 'contact' },
    el('div', { class: 'line' },
      el('div', {},
        el('div', { class: 'who', text: contact.name }),
        contact.company ? el('div', { class: 'muted', text: contact.company }) : null),
      first ? el('button', {
        type: 'button', class: 'primary', text: t('dialer.call'), 'aria-label': t('contacts.call', contact.name),
        onclick: () => run(async () => {
          const call = await api('POST', '/v1/calls', { to: first.e164 ?? first.raw, contactId: contact.id });
          learnCall(call);
          location.hash = '#phone';
        }),
      }) : null),
    el('p', { class: 'muted', text: (contact.numbers ?? []).map((n) => `${n.type}: ${n.e164 ?? n.raw}`).join(' · ') }));
}

async function importContacts(file) {
  const lower = file.name.toLowerCase();
  const type = lower.endsWith('.vcf') || lower.endsWith('.vcard') || file.type.includes('vcard') ? 'text/vcard' : 'text/csv';
  const summary = await run(() => api('POST', '/v1/contacts/import', file, type));
  if (summary) $('contacts-message').textContent = t('contacts.imported', summary.inserted, summary.updated);
}

// ---- settings -----------------------------------------------------------------------------------------------

async function loadSettings() {
  await Promise.all([
    run(async () => {
      const settings = await api('GET', '/v1/ui/settings');
      $('settings-audio').textContent = settings.audioDevice ?? '–';
      $('settings-allowed').replaceChildren(...(settings.allowedOrigins.length
        ? settings.allowedOrigins.map((origin) => el('li', { class: 'origin', text: origin }))
        : [el('li', { class: 'muted', text: t('settings.noAllowed') })]));
    }),
    loadPairings(),
    run(async () => {
      const plugins = await api('GET', '/v1/plugins');
      $('settings-plugins').replaceChildren(...(plugins.length ? plugins.map(pluginItem) : [el('li', { class: 'muted', text: t('settings.noPlugins') })]));
    }),
    run(async () => {
      const presets = await api('GET', '/v1/presets');
      $('settings-presets').replaceChildren(...presets.map(presetItem));
    }),
  ]);
}

async function loadPairings() {
  const pairings = await run(() => api('GET', '/v1/pairings'));
  if (pairings) renderPairings(pairings);
}

function renderPairings(pairings) {
  $('settings-pairings').replaceChildren(...(pairings.length ? pairings.map((pairing) => el('li', { class: 'pairing' },
    el('div', { class: 'line' },
      el('div', {},
        el('div', { class: 'origin', text: pairing.origin }),
        el('div', { class: 'muted', text: [pairing.name, t(pairing.status === 'pending' ? 'settings.pending' : 'settings.paired')].filter(Boolean).join(' · ') })),
      el('div', { class: 'row' },
        pairing.status === 'pending' ? el('button', {
          type: 'button', class: 'primary', text: t('settings.approveText'), 'aria-label': t('settings.approve', pairing.origin),
          onclick: () => pairingAction('approve', pairing.origin),
        }) : null,
        el('button', {
          type: 'button', class: 'danger', text: t('settings.revokeText'), 'aria-label': t('settings.revoke', pairing.origin),
          onclick: () => pairingAction('revoke', pairing.origin),
        }))))) : [el('li', { class: 'muted', text: t('settings.noPairings') })]));
}

async function pairingAction(action, origin) {
  const pairings = await run(() => api('POST', `/v1/pairings/${action}`, { origin }));
  if (pairings) renderPairings(pairings);
}

function presetItem(preset) {
  return el('li', { class: 'preset' },
    el('div', { class: 'line' },
      el('span', { class: 'who', text: preset.name }),
      el('code', { text: `"Preset": "${preset.id}"` })),
    el('p', { text: t('settings.presetTypes', preset.inputs.map((input) => `${input.key} (${input.description})`).join(', ')) }),
    el('p', { class: 'muted', text: [preset.domain, preset.transport, t('settings.presetExpires', preset.expires, preset.minExpires), preset.codecs.join(', ')].filter(Boolean).join(' · ') }),
    el('p', { class: 'muted', text: preset.notes }));
}

function pluginItem(plugin) {
  return el('li', {},
    el('div', { class: 'line' },
      el('span', { class: 'who', text: `${plugin.name} ${plugin.version}` }),
      el('span', { class: `badge ${plugin.state}`, text: plugin.state })),
    el('p', { class: 'muted', text: [plugin.capabilities.join(', '), plugin.reason].filter(Boolean).join(' · ') }));
}

// ---- events -------------------------------------------------------------------------------------------------

let historyRefresh = 0;
function onEvent(event) {
  switch (event.type) {
    case 'dnd.changed':
      state.doNotDisturb = event.enabled;
      renderAccounts();
      break;
    case 'snapshot':
      state.version = event.version;
      state.doNotDisturb = event.doNotDisturb;
      state.accounts = event.accounts;
      state.calls = new Map(event.calls.map((call) => [call.id, call]));
      renderAccounts();
      renderCalls();
      if (currentPage() === 'history') loadHistory();
      if (currentPage() === 'settings') loadPairings();
      break;
    case 'registration.changed': {
      const index = state.accounts.findIndex((a) => a.id === event.account.id);
      if (index >= 0) state.accounts[index] = event.account;
      else state.accounts.push(event.account);
      renderAccounts();
      break;
    }
    case 'pairing.requested':
      toast(t('pairing.asks', event.origin));
      if (currentPage() === 'settings') loadPairings();
      break;
    default:
      if (event.type?.startsWith('call.') && event.call) {
        if (event.call.state === 'ended') {
          state.calls.delete(event.call.id);
          endedCalls.add(event.call.id);
        } else {
          state.calls.set(event.call.id, event.call);
        }
        renderCalls();
        if (event.type === 'call.ended' && currentPage() === 'history') {
          clearTimeout(historyRefresh);
          historyRefresh = setTimeout(loadHistory, 300);
        }
      }
  }
}

// ---- start --------------------------------------------------------------------------------------------------

async function start() {
  translatePage();
  whenSignedOut(signedOut);
  setupDialer();
  $('incoming-answer').addEventListener('click', () => incomingId && callAction(state.calls.get(incomingId), 'answer'));
  $('incoming-decline').addEventListener('click', () => incomingId && callAction(state.calls.get(incomingId), 'hangup'));
  $('history-search').addEventListener('input', searchHistory);
  $('history-missed').addEventListener('change', filterHistory);
  $('contacts-form').addEventListener('submit', (event) => { event.preventDefault(); searchContacts(); });
  $('contacts-file').addEventListener('change', (event) => {
    const file = event.target.files?.[0];
    if (file) importContacts(file).finally(() => { event.target.value = ''; });
  });
  $('settings-test-call').addEventListener('click', () => run(async () => {
    const call = await api('POST', '/v1/calls', { to: 'echo' });
    learnCall(call);
    location.hash = '#phone';
  }));
  $('signout').addEventListener('click', async () => {
    await run(() => api('POST', '/ui/logout'));
    signedOut();
  });
  window.addEventListener('hashchange', showPage);
  $('status-dnd').addEventListener('change', async (event) => {
    const wanted = event.target.checked;
    const done = await run(() => api('POST', '/v1/dnd', { enabled: wanted }));
    if (done === undefined) event.target.checked = !wanted;
  });
  setInterval(() => { for (const ui of cards.values()) tick(ui); }, 1000);

  let status;
  try {
    status = await api('GET', '/v1/status');
  } catch {
    signedOut();
    return;
  }
  state.signedIn = true;
  state.version = status.version;
  state.doNotDisturb = status.doNotDisturb;
  state.accounts = status.accounts;
  state.calls = new Map(status.calls.map((call) => [call.id, call]));
  $('signin').hidden = true;
  $('nav').hidden = false;
  renderAccounts();
  renderCalls();
  showPage();
  followEvents(onEvent, setConnection);
}

start();
