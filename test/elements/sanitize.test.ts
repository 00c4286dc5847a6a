// Feed rich text as the detail view shows it: what a business system may format stays, nothing
// that could run, restyle the page or leave http(s) gets through.
import { expect } from '@open-wc/testing';
import { richText } from '../../src/elements/msg-feed/sanitize.js';
import { XSS } from '../fixtures/xss.js';

const tripwire = window as unknown as { __pwned?: () => void; __hits: number };

/** Renders into the page, lets any image or handler have its chance, and returns the element. */
async function shown(html: string): Promise<HTMLElement> {
  const element = richText(html);
  document.body.append(element);
  await new Promise((resolve) => setTimeout(resolve, 50));
  return element;
}

/** Every element and attribute of the result, for checks that cover the whole tree. */
function everything(root: Element): { tags: string[]; attributes: [string, string][] } {
  const elements = [...root.querySelectorAll('*')];
  return { tags: elements.map((element) => element.localName), attributes: elements.flatMap((element) => [...element.attributes].map((a): [string, string] => [a.name, a.value])) };
}

describe('feed rich text', () => {
  beforeEach(() => {
    tripwire.__hits = 0;
    tripwire.__pwned = () => (tripwire.__hits += 1);
  });
  afterEach(() => document.querySelectorAll('body > .rich').forEach((element) => element.remove()));

  it('keeps formatting, tables, http(s) links (new tab) and images', async () => {
    const element = await shown(
      '<h2>通知</h2><p>请<b>按时</b>提交<i>材料</i>，详见<a href="https://oa.example.com/doc?id=1">附件</a>。</p><ul><li>一</li><li>二</li></ul>' +
        '<table><tr><th>项目</th><td colspan="2">金额</td></tr></table><img src="https://img.example.com/a.png" alt="图">',
    );
    expect(element.className).to.equal('rich');
    expect(everything(element).tags).to.deep.equal(['h2', 'p', 'b', 'i', 'a', 'ul', 'li', 'li', 'table', 'tbody', 'tr', 'th', 'td', 'img']);
    const link = element.querySelector('a')!;
    expect([link.href, link.target, link.rel]).to.deep.equal(['https://oa.example.com/doc?id=1', '_blank', 'noopener noreferrer']);
    expect(element.querySelector('img')!.getAttribute('src')).to.equal('https://img.example.com/a.png');
    expect(element.querySelector('td')!.colSpan).to.equal(2);
    expect(element.textContent).to.equal('通知请按时提交材料，详见附件。一二项目金额');
  });

  // The shared corpus's markup, and what only rich text meets: templates, objects, media, a link
  // that is fine but for its handler and styles.
  const attacks = [
    ...XSS.filter((payload) => payload.includes('<')),
    '<a href=" JaVaScRiPt:__pwned()">x</a><a href="java\tscript:__pwned()">y</a>',
    '<img src="data:image/svg+xml,<svg onload=parent.__pwned()>">',
    '<template><img src=x onerror=__pwned()></template>',
    '<object data="javascript:__pwned()"></object><embed src="javascript:__pwned()">',
    '<a href="https://ok.example.com" onclick="__pwned()" style="position:fixed;inset:0" class="pill" id="x">ok</a>',
    '<video src=x onerror=__pwned()></video><audio src=x onerror=__pwned()></audio>',
  ];
  for (const attack of attacks) {
    it(`lets nothing run or load from ${JSON.stringify(attack.slice(0, 48))}`, async () => {
      const element = await shown(attack);
      // Clicked for their handlers; the (safe) links are not followed: a new tab would take the
      // foreground from the test pages that come after this file.
      element.addEventListener('click', (event) => event.preventDefault());
      element.querySelectorAll('a').forEach((link) => link.click());
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(tripwire.__hits, 'the tripwire').to.equal(0);
      const { tags, attributes } = everything(element);
      expect(tags.filter((tag) => !['a', 'b', 'i', 'p', 'div', 'img', 'details', 'table', 'tbody', 'tr', 'td'].includes(tag)), 'elements').to.deep.equal([]);
      for (const [name, value] of attributes) {
        expect(name, 'attribute').to.be.oneOf(['href', 'src', 'alt', 'title', 'target', 'rel']);
        if (name === 'href' || name === 'src') expect(value).to.match(/^https?:\/\//);
      }
    });
  }

  it("follows no relative URL, which would reach the host page's own server", async () => {
    const element = await shown(
      '<a href="/logout">退出</a><img src="avatar.png"><a href="//evil.example.com/">x</a>' +
        '<img src="http:/x"><img src="https:/api/v1/logout"><a href="https:logout">y</a><a href="https:\\\\evil.example.com">z</a>',
    );
    expect(everything(element).attributes).to.deep.equal([]);
  });

  it('shows deep or huge markup without breaking: text kept, nesting capped', async () => {
    const deep = '<div>'.repeat(500) + '深处的文字' + '</div>'.repeat(500);
    const element = await shown(deep + '<p>' + 'A'.repeat(100_000) + '</p>');
    expect(element.textContent).to.include('深处的文字');
    let depth = 0;
    for (let node: Element | null = element.querySelector('div'); node; node = node.querySelector(':scope > div')) depth += 1;
    expect(depth).to.be.at.most(32);
    expect(element.querySelector('p')!.textContent!.length).to.equal(100_000);
  });
});
