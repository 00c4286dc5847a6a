// The reference server's in-memory data and its seed: users, apps, messages and launchpad apps.

export interface User {
  id: number;
  mobile: string;
  name: string;
  english_name: string;
  status: 'ACTIVE' | 'DISABLED' | 'LOCKED';
  /** Staff or student number, the `accoutName` business feeds receive. */
  account: string;
}

export interface App {
  id: number;
  code: string;
  name: string;
  secret: string;
}

export interface StoredMessage {
  id: number;
  sender_id: number | null;
  receiver_id: number;
  type: string;
  content_type: 'TEXT' | 'IMAGE' | 'VIDEO' | 'FILE';
  title: string;
  /** Text, or the stored file name of a media message (turned into a presigned URL on output). */
  content: string;
  action_url: string | null;
  action_text: string | null;
  app_id: number | null;
  created_at: number;
  is_read: boolean;
}

export interface LaunchpadApp {
  app_name: string;
  app_id: string;
  protocol_type: string;
  mapped_key: string | null;
  mapped_email: string | null;
  is_active: boolean;
  description: string | null;
  category_id: number | null;
  category_name: string | null;
}

export const USERS: User[] = [
  { id: 10001, mobile: '13900001001', name: '李明', english_name: 'liming', status: 'ACTIVE', account: '20190001' },
  { id: 2048, mobile: '13800138000', name: '张三', english_name: 'zhangsan', status: 'ACTIVE', account: '20190048' },
  { id: 2049, mobile: '13800138001', name: '李四', english_name: 'lisi', status: 'ACTIVE', account: '20190049' },
  { id: 2050, mobile: '13800138002', name: '王五', english_name: 'wangwu', status: 'ACTIVE', account: '20190050' },
  { id: 2051, mobile: '13800138003', name: '赵六', english_name: 'zhaoliu', status: 'ACTIVE', account: '20190051' },
  { id: 2052, mobile: '13800138004', name: '陈静', english_name: 'chenjing', status: 'ACTIVE', account: '20190052' },
  { id: 2053, mobile: '13800138005', name: '刘洋', english_name: 'liuyang', status: 'ACTIVE', account: '20190053' },
  { id: 2054, mobile: '13800138006', name: '黄磊', english_name: 'huanglei', status: 'ACTIVE', account: '20190054' },
  { id: 2055, mobile: '13800138007', name: '周敏', english_name: 'zhoumin', status: 'ACTIVE', account: '20190055' },
  { id: 2056, mobile: '13800138008', name: '吴刚', english_name: 'wugang', status: 'DISABLED', account: '20190056' },
  { id: 2057, mobile: '13800138009', name: '郑爽', english_name: 'zhengshuang', status: 'ACTIVE', account: '20190057' },
  { id: 2058, mobile: '13800138010', name: '孙悦', english_name: 'sunyue', status: 'LOCKED', account: '20190058' },
];

export const APPS: App[] = [
  { id: 101, code: 'oa_system', name: 'OA系统', secret: 'oa-secret-101' },
  { id: 102, code: 'edu_system', name: '教务系统', secret: 'edu-secret-102' },
  { id: 103, code: 'finance_system', name: '财务系统', secret: 'finance-secret-103' },
];

export const LAUNCHPAD: LaunchpadApp[] = [
  ['OA系统', 'oa_system', 'SIMPLE_API', true, '办公自动化系统:审批、公文、会议', 1, '办公协同'],
  ['邮件', 'mail', 'CAS', true, '企业邮箱', 1, '办公协同'],
  ['会议室预订', 'meeting', 'SIMPLE_API', true, '预订会议室与视频会议', 1, '办公协同'],
  ['教务系统', 'edu_system', 'CAS', true, '课表、选课与成绩', 2, '教学科研'],
  ['科研管理', 'research', 'OAUTH2', false, '项目申报与经费(维护中)', 2, '教学科研'],
  ['财务系统', 'finance_system', 'SIMPLE_API', true, '报销、预算与工资条', 3, '财务资产'],
  ['资产管理', 'assets', 'SIMPLE_API', true, '固定资产登记与盘点', 3, '财务资产'],
  ['旧版门户', 'legacy_portal', 'CAS', false, '已停用,请使用新版门户', null, null],
].map(([app_name, app_id, protocol_type, is_active, description, category_id, category_name]) => ({
  app_name: app_name as string,
  app_id: app_id as string,
  protocol_type: protocol_type as string,
  mapped_key: 'liming',
  mapped_email: 'liming@corp.example.com',
  is_active: is_active as boolean,
  description: description as string,
  category_id: category_id as number | null,
  category_name: category_name as string | null,
}));

/** Builds a fresh copy of the seeded messages, timed relative to now so relative times read naturally. */
export function seedMessages(now = Date.now()): StoredMessage[] {
  const minutes = (n: number) => now - n * 60_000;
  const messages: StoredMessage[] = [];
  let id = 1000;
  const chat = (from: number, to: number, content: string, ago: number, read: boolean, content_type: StoredMessage['content_type'] = 'TEXT') =>
    messages.push({
      id: (id += 1),
      sender_id: from,
      receiver_id: to,
      type: 'MESSAGE',
      content_type,
      title: '私信',
      content,
      action_url: null,
      action_text: null,
      app_id: null,
      created_at: minutes(ago),
      is_read: read,
    });
  const notify = (app: number | null, title: string, content: string, ago: number, read: boolean, action?: [string, string]) =>
    messages.push({
      id: (id += 1),
      sender_id: null,
      receiver_id: 10001,
      type: 'NOTIFICATION',
      content_type: 'TEXT',
      title,
      content,
      action_url: action?.[0] ?? null,
      action_text: action?.[1] ?? null,
      app_id: app,
      created_at: minutes(ago),
      is_read: read,
    });

  chat(2048, 10001, '李明,明天上午的评审会你参加吗?', 3 * 24 * 60, true);
  chat(10001, 2048, '参加,我把材料整理好了。', 3 * 24 * 60 - 5, true);
  chat(2048, 10001, 'whiteboard.svg', 2 * 24 * 60, true, 'IMAGE');
  chat(10001, 2048, '收到,我看一下。', 2 * 24 * 60 - 3, true);
  chat(2048, 10001, '评审纪要.pdf', 26 * 60, true, 'FILE');
  chat(2048, 10001, 'demo.mp4', 25 * 60, true, 'VIDEO');
  chat(10001, 2048, 'OK, thanks!', 24 * 60, true);
  chat(2048, 10001, '下午三点在 A 栋 302 会议室,别忘了带电脑。', 40, false);
  chat(2048, 10001, 'team-photo.svg', 12, false, 'IMAGE');
  chat(2049, 10001, '周报已经提交了,麻烦审核一下。', 5 * 60, false);
  chat(10001, 2049, '好的', 4 * 60, true);
  chat(2049, 10001, 'Could you also review the budget sheet?', 90, false);
  chat(2050, 10001, '项目排期表.pdf', 2 * 24 * 60, true, 'FILE');
  chat(10001, 2050, '谢谢王五!', 2 * 24 * 60 - 10, true);
  chat(2051, 10001, '羽毛球活动本周六照常进行。', 7 * 24 * 60, true);
  chat(2052, 10001, 'office-map.svg', 3 * 60, true, 'IMAGE');
  chat(10001, 2053, '刘洋,合同的扫描件收到了吗?', 6 * 60, true);

  notify(101, '审批通知', '您有一条待审批任务:张三提交的差旅报销申请', 30, false, ['https://oa.example.com/todo/123', '立即处理']);
  notify(101, '会议通知', '周五 14:00 部门例会,请准时参加', 3 * 60, false);
  notify(101, '公文通知', '关于开展年度安全检查的通知', 2 * 24 * 60, true, ['https://oa.example.com/doc/88', '查看公文']);
  notify(102, '选课提醒', '下学期选课将于下周一 9:00 开始', 8 * 60, false, ['https://edu.example.com/course/select', '去选课']);
  notify(102, '成绩发布', '您所授课程的成绩录入截止日期为本周五', 3 * 24 * 60, true);
  notify(103, '报销到账', '您的报销款 ¥1,280.00 已到账', 24 * 60, true, ['https://finance.example.com/claims/5521', '查看明细']);
  notify(null, '系统维护', '本周六 02:00-04:00 系统维护,期间消息服务可能短暂不可用', 10 * 60, false);
  notify(null, 'Welcome', 'Welcome to the new message center.', 30 * 24 * 60, true);
  // Ids follow time, as in a real database.
  messages.sort((a, b) => a.created_at - b.created_at);
  messages.forEach((message, index) => (message.id = 1001 + index));
  return messages;
}
