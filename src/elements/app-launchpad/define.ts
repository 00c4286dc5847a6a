import { AppLaunchpad } from './app-launchpad.js';

declare global {
  interface HTMLElementTagNameMap {
    'app-launchpad': AppLaunchpad;
  }
}

AppLaunchpad.define('app-launchpad');
