import { expect } from '@open-wc/testing';
import { defineElement } from '../src/define-element.js';
import { MsgBell } from '../src/elements/msg-bell/msg-bell.js';
import { VERSION } from '../src/version.js';

describe('defineElement', () => {
  it('registers a free tag', () => {
    const registry = new CustomElementRegistry();
    defineElement('msg-bell', MsgBell, registry);
    expect(registry.get('msg-bell')).to.equal(MsgBell);
  });

  it('leaves a taken tag alone, silently for the same version', () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const registry = new CustomElementRegistry();
      class SameVersion extends HTMLElement {
        static version = VERSION;
      }
      registry.define('msg-bell', SameVersion);
      expect(() => MsgBell.define('msg-bell', registry)).to.not.throw();
      expect(registry.get('msg-bell')).to.equal(SameVersion);
      expect(warnings).to.deep.equal([]);
    } finally {
      console.warn = original;
    }
  });

  it('warns once about another version holding the tag', () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const registry = new CustomElementRegistry();
      class OldCopy extends HTMLElement {
        static version = '0.0.1';
      }
      registry.define('msg-bell', OldCopy);
      MsgBell.define('msg-bell', registry);
      expect(registry.get('msg-bell')).to.equal(OldCopy);
      expect(warnings).to.have.length(1);
      expect(String(warnings[0])).to.include('0.0.1');
    } finally {
      console.warn = original;
    }
  });
});
