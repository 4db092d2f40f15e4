// The demo CRM: contacts and an agenda from static files, click-to-call, screen pop and call timeline through cti.js.
// The agent's address comes from ?agent=URL (default http://127.0.0.1:5995). See README.md for the contact ids.
import { connect } from '../cti.js';

const $ = (id) => document.getElementById(id);
const agentUrl = new URLSearchParams(location.search).get('agent') || undefined;
const cti = connect({ agentUrl, name: 'Demo CRM' });

/** @type {{ id: string, name: string, company: string, email: string, phones: { label: string, number: string }[], agentId?: string }[]} */
let contacts = [];
/** CTI Connector's contact id → CRM contact (filled once paired, from the directory's externalId). */
const byAgentId = new Map();
let openContact = null;
let ringing = null;

const PHONE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1z"/></svg>';

// ---- data -------------------------------------------------------------------------------------------------------

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((cell) => cell !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((cell) => cell !== '')) rows.push(row);
  return rows;
}

async function loadData() {
  const [csv, agenda] = await Promise.all([
    fetch('contacts.csv').then((r) => r.text()),
    fetch('agenda.json').then((r) => r.json()),
  ]);
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
  const column = (name) => header.indexOf(name);
  contacts = rows.map((cells) => ({
    id: cells[column('Id')],
    name: cells[column('Name')],
    company: cells[column('Company')],
    email: cells[column('Email')],
    phones: [['Phone', 'Work'], ['Mobile', 'Mobile']]
      .map(([key, label]) => ({ label, number: (cells[column(key)] ?? '').trim() }))
      .filter((phone) => phone.number),
  }));
  return agenda;
}

const contactById = (id) => contacts.find((c) => c.id === id);

// ---- rendering --------------------------------------------------------------------------------------------------

function callButton(contact, number) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'phone';
  button.innerHTML = PHONE_ICON;
  button.setAttribute('aria-label', `Call ${contact.name}`);
  button.title = `Call ${contact.name} (${number})`;
  button.addEventListener('click', () => dial(contact, number));
  return button;
}

function nameButton(contact) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link';
  button.textContent = contact.name;
  button.addEventListener('click', () => { location.hash = `contact=${contact.id}`; });
  return button;
}

function renderContacts() {
  const list = $('contacts');
  list.replaceChildren(...contacts.map((contact) => {
    const item = document.createElement('li');
    const who = document.createElement('div');
    who.className = 'who';
    const company = document.createElement('div');
    company.className = 'company';
    company.textContent = contact.company;
    who.append(nameButton(contact), company);
    item.append(who);
    if (contact.phones[0]) item.append(callButton(contact, contact.phones[0].number));
    return item;
  }));
}

function renderAgenda(agenda) {
  $('agenda').replaceChildren(...agenda.map((entry) => {
    const contact = contactById(entry.contactId);
    const item = document.createElement('li');
    const time = document.createElement('time');
    time.textContent = entry.time;
    const what = document.createElement('div');
    what.className = 'what';
    what.append(entry.title, document.createElement('br'));
    if (contact) what.append(nameButton(contact));
    item.append(time, what);
    if (contact?.phones[0]) item.append(callButton(contact, contact.phones[0].number));
    return item;
  }));
}

function showCard(contact) {
  openContact = contact;
  $('card').hidden = !contact;
  if (!contact) return;
  $('card-title').textContent = contact.name;
  $('card-company').textContent = contact.company;
  $('card-numbers').replaceChildren(...contact.phones.map((phone) => {
    const item = document.createElement('li');
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = phone.label;
    const number = document.createElement('span');
    number.textContent = phone.number;
    item.append(label, number);
    return item;
  }));
  // Free text goes through cti.js's linkify: the numbers in it become click-to-call buttons.
  $('card-notes').textContent = `Reach ${contact.name.split(' ')[0]} on ${contact.phones.map((p) => p.number).join(' or ')}; e-mail ${contact.email}.`;
  refreshTimeline();
}

async function refreshTimeline() {
  const contact = openContact;
  if (!contact) return;
  const timeline = $('timeline');
  if (!contact.agentId) {
    timeline.replaceChildren();
    $('timeline-state').textContent = cti.pairingState === 'paired'
      ? 'This contact is not in CTI Connector\'s directory yet: import contacts.csv there (see README).'
      : 'The call history appears once CTI Connector has approved this site.';
    return;
  }
  try {
    const records = await cti.history({ contactId: contact.agentId, limit: 20 });
    if (openContact !== contact) return;
    $('timeline-state').textContent = records.length ? '' : 'No calls yet.';
    timeline.replaceChildren(...records.map(timelineItem));
  } catch (error) {
    $('timeline-state').textContent = `Call history unavailable: ${error.message}`;
  }
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short' });

function timelineItem(record) {
  const item = document.createElement('li');
  item.dataset.historyId = record.id;
  const direction = document.createElement('span');
  direction.className = `direction ${record.direction}`;
  direction.textContent = record.direction === 'inbound' ? 'Incoming' : 'Outgoing';
  const time = document.createElement('time');
  time.dateTime = record.startedAt;
  time.textContent = dateFormat.format(new Date(record.startedAt));
  const result = document.createElement('span');
  const disposition = record.disposition ?? 'in progress';
  result.className = `result ${disposition}`;
  result.textContent = disposition === 'answered' ? duration(record.durationSeconds ?? 0) : disposition;
  item.append(direction, time, result);
  return item;
}

function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function notice(text, error = false) {
  const element = $('notice');
  element.textContent = text;
  element.classList.toggle('error', error);
  element.hidden = !text;
}

// ---- calls ------------------------------------------------------------------------------------------------------

async function dial(contact, number) {
  notice(`Calling ${contact.name}…`);
  try {
    await cti.dial(number, { contactId: contact.agentId });
  } catch (error) {
    notice(`Could not call ${contact.name}: ${error.message}`, true);
  }
}

function contactOfEvent(event) {
  return (event.contact && byAgentId.get(event.contact.id)) || null;
}

function showPopup(event) {
  ringing = event;
  const crmContact = contactOfEvent(event);
  $('popup-caller').textContent = event.contact?.name ?? crmContact?.name ?? event.remote?.displayName ?? event.remote?.raw ?? 'Unknown caller';
  $('popup-company').textContent = event.contact?.company ?? '';
  $('popup-number').textContent = event.remote?.e164 ?? event.remote?.raw ?? '';
  $('popup-open').hidden = !crmContact;
  $('popup').hidden = false;
}

function hidePopup(callId) {
  if (ringing && (!callId || ringing.callId === callId)) {
    ringing = null;
    $('popup').hidden = true;
  }
}

$('popup-answer').addEventListener('click', () => ringing && cti.answer(ringing.callId).catch((e) => notice(e.message, true)));
$('popup-decline').addEventListener('click', () => ringing && cti.hangup(ringing.callId).catch((e) => notice(e.message, true)));
$('popup-open').addEventListener('click', () => {
  const contact = ringing && contactOfEvent(ringing);
  if (contact) location.hash = `contact=${contact.id}`;
});

cti.on('snapshot', (snapshot) => {
  // After a (re)connection the snapshot is the truth: pop a call still ringing, drop a popup whose call is gone.
  const waiting = (snapshot.calls ?? []).find((call) => call.direction === 'inbound' && (call.state === 'ringing' || call.state === 'dialing'));
  if (waiting) showPopup({ callId: waiting.id, remote: waiting.remote, contact: waiting.contact });
  else hidePopup();
});
cti.on('call.incoming', showPopup);
cti.on('call.updated', (event) => { if (ringing?.callId === event.callId && event.state === 'ringing') showPopup(event); });
cti.on('call.answered', (event) => {
  hidePopup(event.callId);
  const contact = contactOfEvent(event);
  notice(`On the phone with ${event.contact?.name ?? contact?.name ?? event.remote?.raw}.`);
});
cti.on('call.ended', (event) => {
  hidePopup(event.callId);
  notice('');
  refreshTimeline();
});

// ---- pairing ----------------------------------------------------------------------------------------------------

const stateText = {
  idle: 'Connecting to CTI Connector…',
  pairing: 'Connecting to CTI Connector…',
  pending: 'Waiting for approval in CTI Connector',
  paired: 'Connected to CTI Connector',
  unreachable: 'CTI Connector is not running on this computer',
  refused: 'CTI Connector refused this site',
};

cti.on('pairing', ({ state, origin }) => {
  $('agent-state').textContent = stateText[state] ?? state;
  $('pairing-banner').hidden = state !== 'pending';
  $('pairing-origin').textContent = origin ?? location.origin;
  document.body.dataset.pairing = state;
  if (state === 'paired') matchDirectory();
  else if (state === 'pending') byAgentId.clear();
});

cti.on('connection', ({ state }) => { document.body.dataset.events = state; });

/** Finds each CRM contact in the agent's directory (the import keeps our id as externalId). */
async function matchDirectory() {
  await Promise.all(contacts.map(async (contact) => {
    if (!contact.phones[0]) return;
    try {
      const found = await cti.contacts({ number: contact.phones[0].number });
      const match = found.find((c) => c.externalId === contact.id);
      if (match) {
        contact.agentId = match.id;
        byAgentId.set(match.id, contact);
      }
    } catch {
      // Not reachable or not approved yet: matched again once paired.
    }
  }));
  document.body.dataset.directory = byAgentId.size ? 'matched' : 'empty';
  refreshTimeline();
}

// ---- start ------------------------------------------------------------------------------------------------------

function route() {
  const id = /contact=([^&]+)/.exec(location.hash)?.[1];
  showCard(id ? contactById(decodeURIComponent(id)) : null);
}

const agenda = await loadData();
renderContacts();
renderAgenda(agenda);
cti.linkify($('card-notes'), { onCall: (number) => cti.dial(number, { contactId: openContact?.agentId }), observe: true });
window.addEventListener('hashchange', route);
route();
document.body.dataset.ready = 'true';
if (cti.pairingState === 'paired') matchDirectory();
