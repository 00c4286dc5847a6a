import { CUSTOM_ELEMENTS_SCHEMA, Component, signal, type OnInit } from '@angular/core';
import type { FeedConfig, MsgOpenConversationEvent, MsgUnreadChangeEvent } from 'msg-elements';

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    @if (token(); as token) {
      <msg-provider api-base="/api/v1" [token]="token" user-id="10001" no-cache [feeds]="feeds" (msg-unread-change)="onUnread($event)">
        <header style="display: flex; justify-content: space-between; align-items: center; padding: 8px 16px">
          <strong>Angular host</strong>
          <span>unread: <b id="unread">{{ unread() ?? '-' }}</b> · opened: <b id="opened">{{ opened() ?? '-' }}</b></span>
          <msg-bell locale="zh-CN"></msg-bell>
        </header>
        <main style="height: 480px">
          <msg-inbox tab="all" (msg-open-conversation)="onOpen($event)"></msg-inbox>
        </main>
      </msg-provider>
    } @else {
      <p>Signing in…</p>
    }
  `,
})
export class AppComponent implements OnInit {
  readonly token = signal<string | undefined>(undefined);
  readonly unread = signal<number | undefined>(undefined);
  readonly opened = signal<string | undefined>(undefined);
  readonly feeds: FeedConfig[] = [{ appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' }];

  /** Signs in through the reference server's dev-only token endpoint (a real portal has its own login). */
  async ngOnInit(): Promise<void> {
    const response = await fetch('/__admin/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: 10001 }) });
    this.token.set(((await response.json()) as { token: string }).token);
  }

  onUnread(event: MsgUnreadChangeEvent): void {
    this.unread.set(event.detail.total);
  }

  onOpen(event: MsgOpenConversationEvent): void {
    this.opened.set(event.detail.key);
  }
}
