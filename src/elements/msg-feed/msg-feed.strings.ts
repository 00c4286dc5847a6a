import type { StringTable } from '../../i18n/i18n.js';

export const feedStrings = {
  unreadOnly: ['只看未读', 'Unread only'],
  importantOnly: ['只看重要', 'Important only'],
  keyword: ['搜索标题或内容', 'Search title or content'],
  from: ['开始日期', 'From'],
  to: ['结束日期', 'To'],
  markAppRead: ['本应用全部已读', 'Mark all read'],
  important: ['重要', 'Important'],
  unread: ['未读', 'Unread'],
  empty: ['没有消息', 'No messages'],
  loadingMore: ['加载更多…', 'Loading more…'],
  end: ['没有更多了', 'No more messages'],
  openLink: ['打开链接', 'Open link'],
  notConfigured: ['未配置该业务系统', 'This business system is not configured'],
  detail: ['消息详情', 'Message detail'],
} satisfies StringTable<string>;
