// What a portal needs for the badge alone: the provider and the bell.
import '../../src/context/define.js';
import '../../src/elements/msg-bell/define.js';
