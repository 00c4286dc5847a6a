import type { StringTable } from '../../i18n/i18n.js';

export const chatStrings = {
  placeholder: ['输入消息,Enter 发送,Shift+Enter 换行', 'Write a message. Enter sends, Shift+Enter adds a line'],
  send: ['发送', 'Send'],
  sending: ['发送中', 'Sending'],
  failed: ['发送失败', 'Not sent'],
  retrySend: ['重新发送', 'Send again'],
  unreadBelow: ['以下为未读消息', 'Unread messages'],
  loadEarlier: ['查看更早的消息', 'Show earlier messages'],
  loadingOlder: ['正在加载更早的消息…', 'Loading earlier messages…'],
  noMoreHistory: ['没有更早的消息了', 'No earlier messages'],
  emptyChat: ['还没有消息,打个招呼吧', 'No messages yet. Say hello!'],
  emptyNotifications: ['暂无通知', 'No notifications'],
  openImage: ['查看原图', 'Open the full image'],
  image: ['图片', 'Image'],
  download: ['下载文件', 'Download the file'],
  actionFailed: ['无法打开链接:{message}', 'Could not open the link: {message}'],
  unsafeLink: ['链接地址无效', 'The link is not a valid web address'],
  me: ['我', 'Me'],
  history: ['消息记录', 'Message history'],
  cannotMessage: ['该联系人已停用,无法发送消息', 'This contact is inactive and cannot be messaged'],
  newItems: ['{count} 条新消息', '{count} new messages'],
} satisfies StringTable<string>;
