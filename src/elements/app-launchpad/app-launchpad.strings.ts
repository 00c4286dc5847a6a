import type { StringTable } from '../../i18n/i18n.js';

export const launchpadStrings = {
  'zh-CN': {
    title: '应用中心',
    search: '搜索应用',
    other: '其他',
    inactive: '已停用',
    empty: '暂无可用应用',
    noMatches: '没有匹配的应用',
    launchFailed: '无法打开 {name}:{message}',
    opening: '正在打开 {name}…',
    unsafeLink: '应用地址无效',
  },
  en: {
    title: 'Apps',
    search: 'Search apps',
    other: 'Other',
    inactive: 'Inactive',
    empty: 'No apps available',
    noMatches: 'No matching apps',
    launchFailed: 'Could not open {name}: {message}',
    opening: 'Opening {name}…',
    unsafeLink: 'the app address is not a valid web address',
  },
} satisfies StringTable<string>;
