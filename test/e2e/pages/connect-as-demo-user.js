// Signs in as the demo user and connects at the document root (used by the safety pages).
const response = await fetch('/__admin/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: 10001 }) });
const { token, id_token: idToken, account_name: accountName } = await response.json();
window.MsgElements.connect({
  apiBase: '/api/v1',
  token,
  cache: false,
  feeds: [{ appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' }],
  idToken,
  accountName,
});
