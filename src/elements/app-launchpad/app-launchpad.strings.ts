import type { StringTable } from '../../i18n/i18n.js';

export const launchpadStrings = {
  title: ['应用中心', 'Apps'],
  search: ['搜索应用', 'Search apps'],
  other: ['其他', 'Other'],
  inactive: ['已停用', 'Inactive'],
  empty: ['暂无可用应用', 'No apps available'],
  noMatches: ['没有匹配的应用', 'No matching apps'],
  launchFailed: ['无法打开 {name}:{message}', 'Could not open {name}: {message}'],
  opening: ['正在打开 {name}…', 'Opening {name}…'],
  unsafeLink: ['应用地址无效', 'the app address is not a valid web address'],
} satisfies StringTable<string>;
