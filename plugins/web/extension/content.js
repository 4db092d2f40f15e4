// Content script: turns the page's phone numbers and tel: links into click-to-call buttons (linkify.js, loaded from
// the extension package) and dials through the service worker, which holds the agent's token.
(async () => {
  if (!document.body) return;
  const { linkify } = await import(chrome.runtime.getURL('linkify.js'));
  const toast = (text) => {
    let element = document.getElementById('cti-connector-toast');
    if (!element) {
      element = document.createElement('div');
      element.id = 'cti-connector-toast';
      element.setAttribute('role', 'status');
      element.style.cssText = 'position:fixed;z-index:2147483647;right:16px;bottom:16px;max-width:320px;padding:8px 12px;'
        + 'border-radius:6px;background:#1d2733;color:#fff;font:14px system-ui,sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.3)';
      document.body.append(element);
    }
    element.textContent = text;
    clearTimeout(element.cti);
    element.cti = setTimeout(() => element.remove(), 6000);
  };
  linkify(document.body, {
    observe: true,
    onCall: async (number) => {
      const answer = await chrome.runtime.sendMessage({ type: 'dial', number });
      toast(answer?.ok ? `Calling ${number}…` : `CTI Connector: ${answer?.error ?? 'no answer from the extension'}`);
    },
  });
})();
