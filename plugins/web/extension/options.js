// Options page: the agent's address and the pairing state (kept up to date by the service worker in chrome.storage).
const texts = {
  idle: 'Not connected yet.',
  pairing: 'Asking CTI Connector for access…',
  pending: 'Waiting for approval: approve this extension in CTI Connector (Settings → CRM sites).',
  paired: 'Paired: numbers on web pages call through CTI Connector.',
  unreachable: 'CTI Connector does not answer at this address: is it running?',
  refused: 'CTI Connector refused the request.',
};
const input = document.getElementById('agent-url');
const state = document.getElementById('state');
document.getElementById('origin').textContent = location.origin;

function show(pairingState, error) {
  state.dataset.state = pairingState ?? 'idle';
  state.textContent = (texts[pairingState] ?? pairingState ?? texts.idle) + (error && pairingState !== 'paired' ? ` (${error})` : '');
}

const stored = await chrome.storage.local.get(['agentUrl', 'pairingState', 'pairingError']);
input.value = stored.agentUrl ?? '';
show(stored.pairingState, stored.pairingError);
chrome.runtime.sendMessage({ type: 'status' }).then((answer) => {
  if (!input.value && answer?.agentUrl) input.value = answer.agentUrl;
  if (answer?.pairingState) show(answer.pairingState);
});
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (changes.pairingState || changes.pairingError)) {
    chrome.storage.local.get(['pairingState', 'pairingError']).then((now) => show(now.pairingState, now.pairingError));
  }
});

document.getElementById('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!input.checkValidity()) {
    input.reportValidity();
    return;
  }
  await chrome.storage.local.set({ agentUrl: input.value.replace(/\/+$/, '') });
  show('pairing');
});
document.getElementById('pair').addEventListener('click', async () => {
  show('pairing');
  const answer = await chrome.runtime.sendMessage({ type: 'pair' });
  show(answer?.pairingState ?? 'unreachable', answer?.error);
});
