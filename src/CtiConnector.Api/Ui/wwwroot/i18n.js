// French and English texts, chosen from the browser's preferred languages (navigator.languages).
const texts = {
  en: {
    'nav.label': 'Main', 'nav.status': 'Status', 'nav.phone': 'Phone', 'nav.history': 'History', 'nav.contacts': 'Contacts', 'nav.settings': 'Settings',
    'conn.live': 'Connected', 'conn.reconnecting': 'Reconnecting to the agent…', 'conn.signedOut': 'Signed out',
    'signin.title': 'Sign in', 'signin.text': 'This page needs a sign-in link from the agent. In a terminal, run:',
    'signin.hint': 'It opens this page signed in. The link works once, for 2 minutes.', 'signin.short': 'Run cti ui to sign in.',
    'status.title': 'Status', 'status.agent': 'Agent', 'status.version': 'Version', 'status.calls': 'Live calls', 'status.accounts': 'Accounts',
    'status.dnd': 'Do not disturb', 'status.dndLabel': 'Callers get busy (still logged as missed)',
    'accounts.none': 'No account configured: direct SIP calls and the test line (dial echo) still work.',
    'accounts.test': 'Register again', 'accounts.testOf': 'Register again {0}', 'accounts.preset': 'preset {0}',
    'state.unregistered': 'not registered', 'state.registering': 'registering', 'state.registered': 'registered', 'state.failed': 'failed',
    'dialer.title': 'Dialer', 'dialer.number': 'Number or SIP address', 'dialer.placeholder': '01 23 45 67 89, jane@example.org', 'dialer.call': 'Call', 'dialer.clear': 'Clear', 'dialer.clearLabel': 'Clear the number',
    'dialer.empty': 'Type a number first.',
    'calls.title': 'Calls', 'calls.none': 'No call in progress.',
    'callstate.dialing': 'Dialing', 'callstate.ringing': 'Ringing', 'callstate.active': 'In call', 'callstate.held': 'On hold', 'callstate.ended': 'Ended',
    'dir.inbound': 'Incoming', 'dir.outbound': 'Outgoing',
    'call.answer': 'Answer', 'call.decline': 'Decline', 'call.hangup': 'Hang up', 'call.cancel': 'Cancel', 'call.hold': 'Hold', 'call.resume': 'Resume',
    'call.mute': 'Mute', 'call.unmute': 'Unmute', 'call.transfer': 'Transfer', 'call.keypad': 'Keypad', 'call.openCrm': 'Open in CRM',
    'call.transferTo': 'Transfer to', 'call.transferGo': 'Transfer now', 'call.sendDigit': 'Send {0}', 'call.muted': 'muted', 'call.encrypted': 'Encrypted audio (SRTP)',
    'incoming.label': 'Incoming call', 'incoming.waiting': 'Call waiting: answering puts your current call on hold', 'call.waiting': 'waiting', 'popup.idle': 'No incoming call.',
    'history.title': 'History', 'history.search': 'Search the history', 'history.searchPlaceholder': 'Name, number or note',
    'history.missedOnly': 'Missed calls to return', 'history.when': 'When', 'history.who': 'Who', 'history.result': 'Result',
    'history.duration': 'Duration', 'history.notes': 'Notes', 'history.none': 'No call found.', 'history.editNote': 'Edit the note of call {0}',
    'history.addNote': 'Add a note', 'history.save': 'Save note', 'history.cancel': 'Cancel', 'history.noteFor': 'Note for call {0}',
    'history.live': 'in progress', 'history.saved': 'Note saved.',
    'disp.answered': 'answered', 'disp.missed': 'missed', 'disp.declined': 'declined', 'disp.busy': 'busy', 'disp.failed': 'failed',
    'disp.cancelled': 'cancelled', 'disp.no-answer': 'no answer', 'disp.interrupted': 'interrupted',
    'contacts.title': 'Contacts', 'contacts.search': 'Search contacts', 'contacts.searchPlaceholder': 'Name, company or number',
    'contacts.find': 'Search', 'contacts.import': 'Import a CSV or vCard file', 'contacts.imported': 'Imported: {0} new, {1} updated.',
    'contacts.none': 'No contact found.', 'contacts.call': 'Call {0}', 'contacts.hint': 'Search by name, company or number.',
    'settings.title': 'Settings', 'settings.accounts': 'Accounts', 'settings.accountsHint': "Accounts are set in cti.json in the agent's data folder.",
    'settings.audio': 'Audio', 'settings.device': 'Device', 'settings.testCall': 'Test call (echo line)',
    'settings.testCallHint': 'Calls the built-in test line: speak and you hear yourself.',
    'settings.origins': 'Web CRMs', 'settings.allowed': 'Allowed by configuration (Api:AllowedOrigins)', 'settings.pairings': 'Pairings',
    'settings.noAllowed': 'None.', 'settings.noPairings': 'No web page asked to pair.', 'settings.pending': 'waiting for your approval',
    'settings.paired': 'paired', 'settings.approve': 'Approve {0}', 'settings.revoke': 'Revoke {0}', 'settings.approveText': 'Approve',
    'settings.revokeText': 'Revoke', 'settings.plugins': 'Plugins', 'settings.noPlugins': 'No plugin found.',
    'settings.presets': 'Provider presets', 'settings.presetTypes': 'You give: {0}', 'settings.presetExpires': 'registration {0} s (at least {1} s)',
    'settings.presetsHint': 'Name one in an account of cti.json ("Preset": "free") and give what it asks for: it fills in the rest.',
    'settings.session': 'Session', 'settings.signout': 'Sign out', 'pairing.asks': '{0} asks to use your phone.',
    'error.generic': 'The agent refused: {0}',
  },
  fr: {
    'nav.label': 'Principal', 'nav.status': 'État', 'nav.phone': 'Téléphone', 'nav.history': 'Historique', 'nav.contacts': 'Contacts', 'nav.settings': 'Réglages',
    'conn.live': 'Connecté', 'conn.reconnecting': 'Reconnexion à l’agent…', 'conn.signedOut': 'Déconnecté',
    'signin.title': 'Connexion', 'signin.text': 'Cette page a besoin d’un lien de connexion de l’agent. Dans un terminal, lancez :',
    'signin.hint': 'Elle s’ouvre alors connectée. Le lien ne sert qu’une fois, pendant 2 minutes.', 'signin.short': 'Lancez cti ui pour vous connecter.',
    'status.title': 'État', 'status.agent': 'Agent', 'status.version': 'Version', 'status.calls': 'Appels en cours', 'status.accounts': 'Comptes',
    'status.dnd': 'Ne pas déranger', 'status.dndLabel': 'Les appelants entendent occupé (l’appel reste noté comme manqué)',
    'accounts.none': 'Aucun compte configuré : les appels SIP directs et la ligne de test (composez echo) fonctionnent.',
    'accounts.test': 'Réenregistrer', 'accounts.testOf': 'Réenregistrer {0}', 'accounts.preset': 'préréglage {0}',
    'state.unregistered': 'non enregistré', 'state.registering': 'enregistrement…', 'state.registered': 'enregistré', 'state.failed': 'en échec',
    'dialer.title': 'Composer', 'dialer.number': 'Numéro ou adresse SIP', 'dialer.placeholder': '01 23 45 67 89, jane@example.org', 'dialer.call': 'Appeler', 'dialer.clear': 'Effacer', 'dialer.clearLabel': 'Effacer le numéro',
    'dialer.empty': 'Saisissez d’abord un numéro.',
    'calls.title': 'Appels', 'calls.none': 'Aucun appel en cours.',
    'callstate.dialing': 'Numérotation', 'callstate.ringing': 'Sonnerie', 'callstate.active': 'En ligne', 'callstate.held': 'En attente', 'callstate.ended': 'Terminé',
    'dir.inbound': 'Entrant', 'dir.outbound': 'Sortant',
    'call.answer': 'Répondre', 'call.decline': 'Refuser', 'call.hangup': 'Raccrocher', 'call.cancel': 'Annuler', 'call.hold': 'Mettre en attente',
    'call.resume': 'Reprendre', 'call.mute': 'Couper le micro', 'call.unmute': 'Rétablir le micro', 'call.transfer': 'Transférer',
    'call.keypad': 'Clavier', 'call.openCrm': 'Ouvrir dans le CRM', 'call.transferTo': 'Transférer vers', 'call.transferGo': 'Transférer maintenant',
    'call.sendDigit': 'Envoyer {0}', 'call.muted': 'micro coupé', 'call.encrypted': 'Audio chiffré (SRTP)',
    'incoming.label': 'Appel entrant', 'incoming.waiting': 'Double appel : répondre met l’appel en cours en attente', 'call.waiting': 'en attente de réponse', 'popup.idle': 'Aucun appel entrant.',
    'history.title': 'Historique', 'history.search': 'Rechercher dans l’historique', 'history.searchPlaceholder': 'Nom, numéro ou note',
    'history.missedOnly': 'Appels manqués à rappeler', 'history.when': 'Quand', 'history.who': 'Qui', 'history.result': 'Résultat',
    'history.duration': 'Durée', 'history.notes': 'Notes', 'history.none': 'Aucun appel trouvé.', 'history.editNote': 'Modifier la note de l’appel {0}',
    'history.addNote': 'Ajouter une note', 'history.save': 'Enregistrer la note', 'history.cancel': 'Annuler', 'history.noteFor': 'Note de l’appel {0}',
    'history.live': 'en cours', 'history.saved': 'Note enregistrée.',
    'disp.answered': 'répondu', 'disp.missed': 'manqué', 'disp.declined': 'refusé', 'disp.busy': 'occupé', 'disp.failed': 'échec',
    'disp.cancelled': 'annulé', 'disp.no-answer': 'sans réponse', 'disp.interrupted': 'interrompu',
    'contacts.title': 'Contacts', 'contacts.search': 'Rechercher des contacts', 'contacts.searchPlaceholder': 'Nom, société ou numéro',
    'contacts.find': 'Rechercher', 'contacts.import': 'Importer un fichier CSV ou vCard', 'contacts.imported': 'Importés : {0} nouveaux, {1} mis à jour.',
    'contacts.none': 'Aucun contact trouvé.', 'contacts.call': 'Appeler {0}', 'contacts.hint': 'Recherchez par nom, société ou numéro.',
    'settings.title': 'Réglages', 'settings.accounts': 'Comptes', 'settings.accountsHint': 'Les comptes se règlent dans cti.json, dans le dossier de données de l’agent.',
    'settings.audio': 'Audio', 'settings.device': 'Périphérique', 'settings.testCall': 'Appel de test (ligne écho)',
    'settings.testCallHint': 'Appelle la ligne de test intégrée : parlez, vous vous entendez.',
    'settings.origins': 'CRM web', 'settings.allowed': 'Autorisés par la configuration (Api:AllowedOrigins)', 'settings.pairings': 'Appairages',
    'settings.noAllowed': 'Aucun.', 'settings.noPairings': 'Aucune page web n’a demandé d’appairage.', 'settings.pending': 'attend votre accord',
    'settings.paired': 'appairé', 'settings.approve': 'Approuver {0}', 'settings.revoke': 'Révoquer {0}', 'settings.approveText': 'Approuver',
    'settings.revokeText': 'Révoquer', 'settings.plugins': 'Extensions', 'settings.noPlugins': 'Aucune extension trouvée.',
    'settings.presets': 'Préréglages d’opérateurs', 'settings.presetTypes': 'Vous indiquez : {0}', 'settings.presetExpires': 'enregistrement {0} s (au moins {1} s)',
    'settings.presetsHint': 'Nommez-en un dans un compte de cti.json ("Preset": "free") et indiquez ce qu’il demande : il remplit le reste.',
    'settings.session': 'Session', 'settings.signout': 'Se déconnecter', 'pairing.asks': '{0} demande à utiliser votre téléphone.',
    'error.generic': 'L’agent a refusé : {0}',
  },
};

function pick() {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (base in texts) return base;
  }
  return 'en';
}

export const lang = pick();

/** The text for key, with {0}, {1}… replaced by the arguments. */
export function t(key, ...args) {
  const text = texts[lang][key] ?? texts.en[key] ?? key;
  return text.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

/** Translates the static page: data-i18n (text), data-i18n-placeholder, data-i18n-label (aria-label). */
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

export const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' });

export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const two = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m % 60)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}
