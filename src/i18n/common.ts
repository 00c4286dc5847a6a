import type { StringTable } from './i18n.js';

/** Strings shared by several elements. Element-specific ones live beside each element. */
export const common = {
  'zh-CN': {
    unreadLabel: '{count} 条未读消息',
    noUnread: '没有未读消息',
    messages: '消息',
    loading: '加载中…',
    retry: '重试',
    back: '返回',
    close: '关闭',
    search: '搜索',
    empty: '暂无内容',
    error: '加载失败',
    offline: '连接已断开,正在重连',
    reconnectingIn: '{seconds} 秒后重连',
    reconnectNow: '立即重连',
    authExpired: '登录已过期,请重新登录',
    system: '系统通知',
    app: '应用通知',
    chat: '私信',
    feed: '业务消息',
    image: '[图片]',
    video: '[视频]',
    file: '[文件]',
    media: '[消息]',
    newMessage: '{name}:{preview}',
    unknownUser: '用户 {id}',
    open: '查看',
  },
  en: {
    unreadLabel: '{count} unread messages',
    noUnread: 'No unread messages',
    messages: 'Messages',
    loading: 'Loading…',
    retry: 'Retry',
    back: 'Back',
    close: 'Close',
    search: 'Search',
    empty: 'Nothing here yet',
    error: 'Could not load',
    offline: 'Disconnected, reconnecting',
    reconnectingIn: 'Reconnecting in {seconds} s',
    reconnectNow: 'Retry now',
    authExpired: 'Your session has expired. Please sign in again.',
    system: 'System notices',
    app: 'App notifications',
    chat: 'Chat',
    feed: 'Business messages',
    image: '[Image]',
    video: '[Video]',
    file: '[File]',
    media: '[Message]',
    newMessage: '{name}: {preview}',
    unknownUser: 'User {id}',
    open: 'Open',
  },
} satisfies StringTable<string>;

export type CommonKey = keyof (typeof common)['zh-CN'];

/** The view's text for a preview: media markers like `[IMAGE]` become `[图片]` / `[Image]`. */
export function previewText(t: (key: CommonKey) => string, preview: string, previewType: string): string {
  switch (previewType) {
    case 'IMAGE':
      return t('image');
    case 'VIDEO':
      return t('video');
    case 'FILE':
      return t('file');
    case 'TEXT':
      return preview;
    default:
      return /^\[[A-Z]+\]$/.test(preview) ? t('media') : preview;
  }
}
