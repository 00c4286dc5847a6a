import type { ConversationKey, MessageData } from './types.js';

export interface AttentionPreferences {
  /** Desktop notifications for new messages (needs the browser's permission). */
  notifications: boolean;
  /** A short chime for new messages. */
  sound: boolean;
}

/** Per conversation, a burst collapses into one notification in this window. */
const NOTIFY_COOLDOWN_MS = 5_000;
/** At most one chime in this window, however many messages arrive. */
const CHIME_COOLDOWN_MS = 2_000;

/**
 * Desktop notifications and the chime. Only the leader tab calls `alert`, for a message that
 * counted (not open in any tab, not mine) in a conversation that is not muted, so five tabs
 * make one sound and one notification.
 */
export class Attention {
  readonly #lastNotified = new Map<ConversationKey, number>();
  #lastChime = 0;
  #audio: AudioContext | undefined;
  readonly #onOpen: (key: ConversationKey) => void;

  constructor(onOpen: (key: ConversationKey) => void) {
    this.#onOpen = onOpen;
  }

  /** Tells of a pushed message in conversation `key`, titled `name` (else the message's title), as the preferences ask. */
  alert(key: ConversationKey, message: MessageData, name: string, { notifications, sound }: AttentionPreferences): void {
    const now = Date.now();
    if (notifications && window.Notification?.permission === 'granted' && now - (this.#lastNotified.get(key) ?? 0) >= NOTIFY_COOLDOWN_MS) {
      this.#lastNotified.set(key, now);
      const body = message.content_type === 'TEXT' ? message.content : `[${message.content_type}]`;
      try {
        const notification = new Notification(name || message.title || '', {
          body: message.type === 'MESSAGE' ? body : [message.title, body].filter(Boolean).join(': '),
          tag: key,
        });
        notification.onclick = () => {
          window.focus();
          notification.close();
          this.#onOpen(key);
        };
      } catch {
        // Some browsers only allow notifications from a service worker; the badge still tells.
      }
    }
    if (sound && now - this.#lastChime >= CHIME_COOLDOWN_MS) {
      this.#lastChime = now;
      // Two soft sine notes made with Web Audio: no audio file to load.
      try {
        const context = (this.#audio ??= new AudioContext());
        void context.resume().catch(() => undefined);
        const start = context.currentTime;
        [880, 1320].forEach((frequency, index) => {
          const at = start + index * 0.12;
          const oscillator = context.createOscillator();
          const gain = context.createGain();
          oscillator.frequency.value = frequency;
          gain.gain.setValueAtTime(0.0001, at);
          gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02);
          gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
          oscillator.connect(gain).connect(context.destination);
          oscillator.start(at);
          oscillator.stop(at + 0.3);
        });
      } catch {
        // No audio output: stay silent.
      }
    }
  }
}
