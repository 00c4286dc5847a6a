// A host page's own component that puts the bell inside its shadow root.
customElements.define(
  'portal-header',
  class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      const bell = document.createElement('msg-bell');
      root.append(bell);
    }
  },
);
