import type {} from 'msg-elements/react';
import { useEffect, useState } from 'react';

const feeds = [{ appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' }];

/** Signs in through the reference server's dev-only token endpoint (a real portal has its own login). */
async function demoToken(): Promise<string> {
  const response = await fetch('/__admin/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: 10001 }) });
  return ((await response.json()) as { token: string }).token;
}

export function App() {
  const [token, setToken] = useState<string>();
  const [unread, setUnread] = useState<number>();
  const [opened, setOpened] = useState<string>();

  useEffect(() => {
    void demoToken().then(setToken);
  }, []);

  if (!token) return <p>Signing in…</p>;
  return (
    <msg-provider apiBase="/api/v1" token={token} userId="10001" noCache feeds={feeds} onmsg-unread-change={(event) => setUnread(event.detail.total)}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '8px 16px' }}>
        <strong>React host</strong>
        <span>
          unread: <b id="unread">{unread ?? '-'}</b> · opened: <b id="opened">{opened ?? '-'}</b>
        </span>
        <msg-bell locale="zh-CN" />
      </header>
      <main style={{ height: 480 }}>
        <msg-inbox tab="all" onmsg-open-conversation={(event) => setOpened(event.detail.key)} />
      </main>
    </msg-provider>
  );
}
