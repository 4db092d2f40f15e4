// The compact incoming-call page (/popup), made for a small window (chromium --app=URL): the ringing call with
// Answer / Decline / Open in CRM, then Hang up once answered here.
import { api, followEvents, whenSignedOut } from './api.js';
import { fillIncoming, ringingCall, nameOf, describeError } from './common.js';
import { t, translatePage } from './i18n.js';

const calls = new Map();
// The desktop opens /popup?call=ID for one call; without it, the first ringing call is shown.
const wanted = new URLSearchParams(location.search).get('call');
let shown = null;
const $ = (id) => document.getElementById(id);

function render() {
  const ringing = (wanted && calls.get(wanted)?.state === 'ringing' ? calls.get(wanted) : null) ?? ringingCall(calls.values());
  const current = ringing ?? (shown && calls.get(shown.id));
  shown = current ?? null;
  $('idle').hidden = !!current;
  $('incoming').hidden = !current;
  if (!current) {
    document.title = 'CTI Connector';
    return;
  }
  fillIncoming(document, current);
  const isRinging = current === ringing;
  $('incoming-label').textContent = isRinging ? t(current.waiting ? 'incoming.waiting' : 'incoming.label') : t(`callstate.${current.state}`);
  $('incoming-answer').hidden = !isRinging;
  $('incoming-decline').hidden = !isRinging;
  $('incoming-hangup').hidden = isRinging;
  document.title = `${nameOf(current)} · CTI Connector`;
}

async function act(action) {
  if (!shown) return;
  try {
    // The event stream brings the new state (the command's answer may predate it).
    await api('POST', `/v1/calls/${encodeURIComponent(shown.id)}/${action}`);
  } catch (error) {
    $('incoming-number').textContent = describeError(error);
  }
}

function onEvent(event) {
  if (event.type === 'snapshot') {
    calls.clear();
    for (const call of event.calls) calls.set(call.id, call);
  } else if (event.type?.startsWith('call.') && event.call) {
    if (event.call.state === 'ended') calls.delete(event.call.id);
    else calls.set(event.call.id, event.call);
  }
  render();
}

translatePage();
whenSignedOut(() => {
  $('signin').hidden = false;
  $('idle').hidden = true;
  $('incoming').hidden = true;
});
$('incoming-answer').addEventListener('click', () => act('answer'));
$('incoming-decline').addEventListener('click', () => act('hangup'));
$('incoming-hangup').addEventListener('click', () => act('hangup'));
try {
  await api('GET', '/v1/status');
  followEvents(onEvent, () => {});
} catch {
  // whenSignedOut shows the hint; anything else leaves the idle page.
}
