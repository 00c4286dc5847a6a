// The portal's own script: it signs in (here through the reference server's dev-only token
// endpoint; a real portal has its own login) and connects the elements at the document root.
(async function () {
  var response = await fetch('/__admin/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: 10001 }) });
  var identity = await response.json();
  window.portalEvents = { unread: [], opened: [] };
  document.addEventListener('msg-unread-change', function (event) {
    window.portalEvents.unread.push(event.detail.total);
    document.getElementById('unread').textContent = String(event.detail.total);
  });
  document.addEventListener('msg-open-conversation', function (event) {
    window.portalEvents.opened.push(event.detail.key);
    document.getElementById('opened').textContent = event.detail.key;
  });
  window.MsgElements.connect({ apiBase: '/api/v1', token: identity.token });
})();
