// Two business systems speaking the feed contract (contract §2): unread count, list with
// filters and paging, detail, mark read and latest, behind `X-Id-Token` and `accoutName`.
import { USERS } from './data.ts';
import { ID_TOKEN_SECRET, parseJson, sendJson, type RequestContext } from './index.ts';
import { verifyJwt } from './jwt.ts';

interface FeedMessage {
  msgId: string;
  appId: string;
  title: string;
  content: string;
  imgUrl: string | null;
  url: string | null;
  mobileUrl: string | null;
  important: 0 | 1;
  time: number;
  authTtype?: 'cas' | 'id-token';
  /** Read by these account names. */
  readBy: Set<string>;
}

interface System {
  base: string;
  appIds: string[];
  messages: FeedMessage[];
}

const pad = (n: number) => String(n).padStart(2, '0');
export function feedTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function parseTime(text: string | null): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

const TOPICS: Record<string, [string, string][]> = {
  'affairs-todo': [
    ['请审批:差旅报销单', '<p>张三提交了<b>差旅报销单</b>,金额 <em>¥2,360.00</em>,请在 3 个工作日内审批。</p>'],
    ['请审批:采购申请', '<p>信息中心提交了采购申请:<ul><li>笔记本电脑 × 5</li><li>显示器 × 5</li></ul></p>'],
    ['待办:合同会签', '<p>《技术服务合同》需要您会签。<a href="https://affairs.example.com/contract/77">查看合同</a></p>'],
    ['请确认:加班申请', '<p>王五申请 <strong>周六</strong> 加班 4 小时。<img src="x" onerror="window.__xss=(window.__xss||0)+1"></p>'],
  ],
  'affairs-notice': [
    ['通知公告:春季运动会', '<h3>春季运动会报名开始</h3><p>报名截止 4 月 10 日。<a href="javascript:window.__xss=1">报名</a></p>'],
    ['通知公告:网络维护', '<p>本周日 00:00-06:00 校园网维护,期间<u>无法访问</u>外网。</p>'],
    ['Notice: library hours', '<p>The library is open <b>8:00-22:00</b> during the exam weeks.</p><script>window.__xss=1</script>'],
  ],
  campus: [
    ['学工通知:奖学金评定', '<p>2026 年度奖学金评定开始,请于<b>本月 20 日</b>前提交材料。</p>'],
    ['宿舍报修已受理', '<p>您提交的报修单 #3321 已受理,维修人员将于明日上门。</p>'],
    ['心理健康讲座', '<p>周三 19:00 学生活动中心,欢迎参加。<svg onload="window.__xss=1"></svg></p>'],
    ['Course evaluation', '<p>Please complete the course evaluation before <i>Friday</i>.</p>'],
  ],
};

function seed(base: string, appIds: string[], count: number, now: number): System {
  const messages: FeedMessage[] = [];
  let n = 0;
  for (const appId of appIds) {
    const topics = TOPICS[appId];
    for (let i = 0; i < count; i++) {
      const [title, content] = topics[i % topics.length];
      n += 1;
      const auth = i % 3 === 0 ? 'cas' : i % 3 === 1 ? 'id-token' : undefined;
      messages.push({
        msgId: `${appId}-${1000 + i}`,
        appId,
        title: `${title} #${i + 1}`,
        content,
        imgUrl: i % 4 === 0 ? `/files/cover-${appId}.svg` : null,
        url: `https://${base.slice(5)}.example.com/${appId}/${1000 + i}`,
        mobileUrl: i % 2 === 0 ? `https://m.${base.slice(5)}.example.com/${appId}/${1000 + i}` : null,
        important: i % 7 === 0 ? 1 : 0,
        // Newest first, one every 53 minutes, some of them today.
        time: Math.floor((now - (i * 53 + (n % 11)) * 60_000) / 1000) * 1000,
        ...(auth ? { authTtype: auth } : {}),
        readBy: new Set(i > 12 && i % 5 !== 0 ? USERS.map((u) => u.account) : []),
      });
    }
  }
  messages.sort((a, b) => b.time - a.time);
  return { base, appIds, messages };
}

let systems: System[] = [];
export function resetFeeds(now = Date.now()): void {
  systems = [seed('/biz/affairs', ['affairs-todo', 'affairs-notice'], 160, now), seed('/biz/campus', ['campus'], 220, now)];
}
resetFeeds();

const ok = (data: unknown, message = '获取成功') => ({ code: 0, message, data });
const fail = (code: number, message: string) => ({ code, message, data: null });

function output(message: FeedMessage, account: string, origin: string) {
  return {
    msgId: message.msgId,
    title: message.title,
    content: message.content,
    imgUrl: message.imgUrl ? `${origin}${message.imgUrl}` : null,
    url: message.url,
    mobileUrl: message.mobileUrl,
    read: message.readBy.has(account) ? 1 : 0,
    important: message.important,
    time: feedTime(message.time),
    ...(message.authTtype ? { authTtype: message.authTtype } : {}),
  };
}

/** Answers a feed call; false when no system lives at that path. */
export async function handleFeeds(ctx: RequestContext): Promise<boolean> {
  const { req, res, url } = ctx;
  const system = systems.find((candidate) => url.pathname.startsWith(`${candidate.base}/`));
  if (!system) return false;
  const route = `${req.method} ${url.pathname.slice(system.base.length).replace(/\/+$/, '')}`;
  const payload = verifyJwt(String(req.headers['x-id-token'] ?? ''), ID_TOKEN_SECRET);
  if (!payload) return sendJson(res, 200, fail(401, '身份令牌(X-Id-Token)无效或已过期')), true;
  const account = String(req.headers['accoutname'] ?? '');
  if (!account || account !== payload.account) return sendJson(res, 200, fail(403, '学工号(accoutName)与身份令牌不匹配')), true;

  const param = (name: string) => url.searchParams.get(name);
  const appIds = (param('appId') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  const unknown = appIds.find((id) => !system.appIds.includes(id));
  const requireApp = () => {
    if (!appIds.length) return fail(400, 'appId 必填');
    if (unknown) return fail(404, `未注册的应用:${unknown}`);
    return undefined;
  };
  const unreadOf = (ids: string[]) => system.messages.filter((m) => ids.includes(m.appId) && !m.readBy.has(account));

  switch (route) {
    case 'GET /unread-count': {
      const error = requireApp();
      if (error) return sendJson(res, 200, error), true;
      const unread = unreadOf(appIds);
      const today = new Date().toDateString();
      sendJson(res, 200, ok({ all: unread.length, today: unread.filter((m) => new Date(m.time).toDateString() === today).length, important: unread.filter((m) => m.important).length }));
      return true;
    }
    case 'GET /messages': {
      const error = requireApp();
      if (error) return sendJson(res, 200, error), true;
      const pageIndex = Math.max(1, Number(param('pageIndex')) || 1);
      const pageSize = Math.min(100, Math.max(1, Number(param('pageSize')) || 20));
      const start = parseTime(param('startTime'));
      const end = parseTime(param('endTime'));
      if ((param('startTime') && start === undefined) || (param('endTime') && end === undefined)) {
        return sendJson(res, 200, fail(400, '时间格式应为 yyyy-MM-dd HH:mm:ss')), true;
      }
      const important = param('important');
      const read = param('read');
      const keyWords = (param('keyWords') ?? '').trim().toLowerCase();
      const items = system.messages.filter(
        (m) =>
          appIds.includes(m.appId) &&
          (start === undefined || m.time >= start) &&
          (end === undefined || m.time <= end) &&
          (important === null || important === '' || m.important === Number(important)) &&
          (read === null || read === '' || (m.readBy.has(account) ? 1 : 0) === Number(read)) &&
          (!keyWords || m.title.toLowerCase().includes(keyWords) || m.content.toLowerCase().includes(keyWords)),
      );
      sendJson(res, 200, ok({ items: items.slice((pageIndex - 1) * pageSize, pageIndex * pageSize).map((m) => output(m, account, ctx.origin)) }));
      return true;
    }
    case 'GET /message': {
      const error = requireApp();
      if (error) return sendJson(res, 200, error), true;
      const message = system.messages.find((m) => m.msgId === param('msgId') && appIds.includes(m.appId));
      sendJson(res, 200, message ? ok(output(message, account, ctx.origin)) : fail(404, '消息不存在'));
      return true;
    }
    case 'POST /messages/read': {
      let body: Record<string, unknown>;
      try {
        const parsed = parseJson(await ctx.body());
        body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
      } catch {
        return sendJson(res, 200, fail(400, '请求体不是有效的 JSON')), true;
      }
      let targets: FeedMessage[];
      if (body.isAll === true) targets = system.messages;
      else if (typeof body.appId === 'string' && body.appId) {
        if (!system.appIds.includes(body.appId)) return sendJson(res, 200, fail(404, `未注册的应用:${body.appId}`)), true;
        targets = system.messages.filter((m) => m.appId === body.appId);
      } else if (Array.isArray(body.msgIds) && body.msgIds.length) {
        const ids = new Set(body.msgIds.map(String));
        targets = system.messages.filter((m) => ids.has(m.msgId));
      } else return sendJson(res, 200, fail(400, 'msgIds、appId、isAll 至少提供一个')), true;
      for (const message of targets) message.readBy.add(account);
      sendJson(res, 200, { code: 0, message: '标记已读成功' });
      return true;
    }
    case 'GET /latest': {
      const error = requireApp();
      if (error) return sendJson(res, 200, error), true;
      const keyWords = (param('keyWords') ?? '').trim().toLowerCase();
      const unread = unreadOf(appIds).filter((m) => !keyWords || m.title.toLowerCase().includes(keyWords) || m.content.toLowerCase().includes(keyWords));
      const newest = unread[0];
      sendJson(res, 200, ok({ news: newest?.title ?? '', count: unread.length, time: newest ? feedTime(newest.time) : '' }));
      return true;
    }
    default:
      sendJson(res, 404, fail(404, '接口不存在'));
      return true;
  }
}
