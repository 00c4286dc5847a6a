// The demo portal: signs in as a demo user through the reference server's dev-only admin
// surface (a real portal gets its token from its own login), wires the locale and theme
// switches, routes inbox rows to the chat beside it, and drives the simulate forms.
import '../src/define.js';
import type { MsgProvider } from '../src/context/msg-provider.js';
import type { MsgChat } from '../src/elements/msg-chat/msg-chat.js';

const DEMO_USER = 10001;
const provider = document.querySelector<MsgProvider>('#provider')!;
const chat = document.querySelector<MsgChat>('#chat')!;
const log = document.querySelector<HTMLElement>('#log')!;

async function admin<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`/__admin/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json() as Promise<T>;
}

async function signIn(): Promise<void> {
  const identity = await admin<{ token: string; id_token: string; account_name: string }>('token', { user_id: DEMO_USER });
  provider.setAttribute('user-id', String(DEMO_USER));
  provider.setAttribute('id-token', identity.id_token);
  provider.setAttribute('account-name', identity.account_name);
  provider.feeds = [
    { appId: 'affairs-todo', name: '办事大厅·待办', baseUrl: '/biz/affairs' },
    { appId: 'affairs-notice', name: '办事大厅·通知公告', baseUrl: '/biz/affairs' },
    { appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' },
  ];
  provider.getToken = async () => (await admin<{ token: string }>('token', { user_id: DEMO_USER })).token;
  provider.token = identity.token;
  document.querySelector('#who')!.textContent = '李明 (10001)';
}

const elements = () => document.querySelectorAll<HTMLElement & { locale?: string; theme?: string }>('msg-bell, msg-inbox, msg-chat, app-launchpad');

document.querySelector<HTMLSelectElement>('#locale')!.addEventListener('change', (event) => {
  const locale = (event.target as HTMLSelectElement).value;
  document.documentElement.lang = locale;
  for (const element of elements()) element.locale = locale;
});

document.querySelector<HTMLInputElement>('#dark')!.addEventListener('change', (event) => {
  const dark = (event.target as HTMLInputElement).checked;
  document.documentElement.classList.toggle('dark', dark);
  for (const element of elements()) element.theme = dark ? 'dark' : 'light';
});

// Chats and notifications open in the big view beside the inbox; feeds open inline.
document.querySelector<HTMLElement>('#inbox')!.addEventListener('msg-open-conversation', (event) => {
  const { key } = event.detail;
  if (key.startsWith('feed:')) return;
  event.preventDefault();
  chat.peerId = key === 'system' ? 0 : key.startsWith('app:') ? -Number(key.slice(4)) : Number(key.slice(5));
});

document.querySelector<HTMLFormElement>('#simulate-notify')!.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const app = String(form.get('app'));
  await admin('notify', {
    to: DEMO_USER,
    app_id: app ? Number(app) : null,
    title: form.get('title'),
    content: form.get('content'),
    action_text: form.get('action') || undefined,
    target_url: form.get('action') ? 'https://oa.example.com/todo/new' : undefined,
  });
  log.textContent = `已发送通知 / notification sent · ${new Date().toLocaleTimeString()}`;
});

document.querySelector<HTMLFormElement>('#simulate-chat')!.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  await admin('send', { from: Number(form.get('from')), to: DEMO_USER, content: form.get('content') });
  log.textContent = `已发送私信 / message sent · ${new Date().toLocaleTimeString()}`;
});

void signIn().catch((error: unknown) => {
  log.textContent = `无法登录演示用户 / could not sign in: ${error instanceof Error ? error.message : String(error)}`;
});
