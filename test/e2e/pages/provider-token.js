// Gives the provider a demo user's token.
const response = await fetch('/__admin/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: 10001 }) });
document.querySelector('msg-provider').token = (await response.json()).token;
