// Service worker: pairs with the agent like any web CRM (its origin is chrome-extension://<id>), keeps the token in
// chrome.storage.local, dials for the content scripts, and turns incoming calls into notifications.
import { CtiClient, DEFAULT_AGENT_URL } from './cti.js';

/** chrome.storage.local behind cti.js's localStorage-like interface. */
const storage = {
  getItem: async (key) => (await chrome.storage.local.get(key))[key] ?? null,
  setItem: (key, value) => chrome.storage.local.set({ [key]: value }),
  removeItem: (key) => chrome.storage.local.remove(key),
};

/** Incoming call id → contact's CRM address, for the "Open in CRM" button. */
const crmUrls = new Map();
let client = null;
let starting = null;

async function agentUrl() {
  const { agentUrl: url } = await chrome.storage.local.get('agentUrl');
  return url || DEFAULT_AGENT_URL;
}

function start() {
  starting ??= (async () => {
    const created = new CtiClient({ agentUrl: await agentUrl(), name: 'CTI Connector browser extension', storage });
    created.on('pairing', ({ state, error }) => chrome.storage.local.set({ pairingState: state, pairingError: error?.message ?? null }));
    created.on('call.incoming', notifyIncoming);
    created.on('call.updated', (event) => { if (crmUrls.has(event.callId) && event.state === 'ringing') notifyIncoming(event); });
    created.on('call.answered', (event) => clear(event.callId));
    created.on('call.ended', (event) => clear(event.callId));
    client = created;
    created.pair();
    return created;
  })();
  return starting;
}

async function restart() {
  const previous = await starting;
  previous?.close();
  starting = null;
  client = null;
  return start();
}

function notifyIncoming(event) {
  const contact = event.contact;
  const number = event.remote?.e164 ?? event.remote?.raw ?? '';
  crmUrls.set(event.callId, contact?.crmUrl ?? null);
  chrome.notifications.create(event.callId, {
    type: 'basic',
    iconUrl: 'icon-128.png',
    title: contact?.name ? `Incoming call: ${contact.name}` : 'Incoming call',
    message: [contact?.company, number].filter(Boolean).join(' · ') || 'Unknown caller',
    buttons: contact?.crmUrl ? [{ title: 'Open in CRM' }] : [],
    requireInteraction: true,
    priority: 2,
  });
}

function clear(callId) {
  crmUrls.delete(callId);
  chrome.notifications.clear(callId);
}

function openInCrm(callId) {
  const url = crmUrls.get(callId);
  if (url && /^https?:\/\//i.test(url)) chrome.tabs.create({ url });
}

chrome.notifications.onButtonClicked.addListener((callId) => openInCrm(callId));
chrome.notifications.onClicked.addListener((callId) => openInCrm(callId));

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  (async () => {
    const cti = await start();
    switch (message?.type) {
      case 'dial': {
        const call = await cti.dial(String(message.number ?? ''));
        return { ok: true, callId: call.id };
      }
      case 'status':
        return { ok: true, agentUrl: cti.agentUrl, pairingState: cti.pairingState, connectionState: cti.connectionState };
      case 'pair':
        await cti.pair();
        return { ok: true, pairingState: cti.pairingState };
      default:
        return { ok: false, error: `unknown request ${message?.type}` };
    }
  })().then(sendResponse, (error) => sendResponse({ ok: false, error: error.message, type: error.type }));
  return true;
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.agentUrl) restart();
});

// Open the event stream as soon as the worker runs (install, browser start, or woken by a message).
start();
