import './context/root.js';
import './context/define.js';
import './elements/app-launchpad/define.js';
import './elements/msg-bell/define.js';
import './elements/msg-chat/define.js';
import './elements/msg-feed/define.js';
import './elements/msg-inbox/define.js';

export * from './index.js';
