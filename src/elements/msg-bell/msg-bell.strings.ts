import type { StringTable } from '../../i18n/i18n.js';

/** The bell's accessible name: by plural category (English needs "1 unread message"), and while offline. */
export const bellStrings = {
  'zh-CN': {
    none: '消息,无未读',
    unreadOne: '{count} 条未读消息',
    unreadOther: '{count} 条未读消息',
    withOffline: '{label}({offline})',
  },
  en: {
    none: 'Messages, none unread',
    unreadOne: '{count} unread message',
    unreadOther: '{count} unread messages',
    withOffline: '{label} ({offline})',
  },
} satisfies StringTable<string>;
