import { common } from '../../i18n/common.js';
import type { StringTable } from '../../i18n/i18n.js';

/** The inbox's strings and the shared ones, so one translator serves every part of it. */
export const inboxStrings = {
  ...common,
  all: ['全部', 'All'],
  chats: ['私信', 'Chats'],
  notifications: ['通知', 'Notifications'],
  searchPlaceholder: ['搜索会话', 'Search conversations'],
  markAllRead: ['全部已读', 'Mark all read'],
  newChat: ['发起私信', 'New chat'],
  contactsPlaceholder: ['输入姓名、拼音或手机号', 'Name, pinyin or mobile'],
  noContacts: ['没有找到联系人', 'No contacts found'],
  inactive: ['已停用', 'Inactive'],
  emptyInbox: ['暂无消息', 'No messages yet'],
  noMatches: ['没有匹配的会话', 'No matching conversations'],
  conversations: ['会话列表', 'Conversations'],
  unreadCount: ['{count} 条未读', '{count} unread'],
  feedError: ['加载失败:{message}', 'Could not load: {message}'],
  settings: ['提醒设置', 'Alert settings'],
  desktopNotifications: ['桌面通知', 'Desktop notifications'],
  sound: ['提示音', 'Sound'],
  notificationsBlocked: ['浏览器未允许通知', 'The browser did not allow notifications'],
  mute: ['静音', 'Mute'],
  muteConversation: ['静音“{name}”', 'Mute “{name}”'],
  muted: ['已静音', 'Muted'],
  newItems: ['{count} 条新消息', '{count} new messages'],
} satisfies StringTable<string>;
