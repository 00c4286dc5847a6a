import type { StringTable } from '../../i18n/i18n.js';

/** The bell's accessible name: by plural category (English needs "1 unread message"), and while offline. */
export const bellStrings = {
  none: ['消息,无未读', 'Messages, none unread'],
  unreadOne: ['{count} 条未读消息', '{count} unread message'],
  unreadOther: ['{count} 条未读消息', '{count} unread messages'],
  withOffline: ['{label}({offline})', '{label} ({offline})'],
} satisfies StringTable<string>;
