import type { StringTable } from './i18n.js';

/** Strings shared by several elements. Element-specific ones live beside each element. */
export const common = {
  messages: ['消息', 'Messages'],
  loading: ['加载中…', 'Loading…'],
  retry: ['重试', 'Retry'],
  back: ['返回', 'Back'],
  error: ['加载失败', 'Could not load'],
  offline: ['连接已断开,正在重连', 'Disconnected, reconnecting'],
  reconnectingIn: ['{seconds} 秒后重连', 'Reconnecting in {seconds} s'],
  reconnectNow: ['立即重连', 'Retry now'],
  authExpired: ['登录已过期,请重新登录', 'Your session has expired. Please sign in again.'],
  system: ['系统通知', 'System notices'],
  app: ['应用通知', 'App notifications'],
  feed: ['业务消息', 'Business messages'],
  image: ['[图片]', '[Image]'],
  video: ['[视频]', '[Video]'],
  file: ['[文件]', '[File]'],
  media: ['[消息]', '[Message]'],
  newMessage: ['{name}:{preview}', '{name}: {preview}'],
  unknownUser: ['用户 {id}', 'User {id}'],
  open: ['查看', 'Open'],
} satisfies StringTable<string>;

export type CommonKey = keyof typeof common;

/** The view's text for a preview: media markers like `[IMAGE]` become `[图片]` / `[Image]`. */
export function previewText(t: (key: CommonKey) => string, preview: string, previewType: string): string {
  // Each media type's own marker is keyed by its name in lower case.
  if (previewType === 'IMAGE' || previewType === 'VIDEO' || previewType === 'FILE') return t(previewType.toLowerCase() as 'image' | 'video' | 'file');
  return previewType !== 'TEXT' && /^\[[A-Z]+\]$/.test(preview) ? t('media') : preview;
}
