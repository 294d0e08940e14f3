/** The service worker (Chromium) or event page (Firefox) entry point. */

import { defaultApi } from '../common/browser.js';
import { startBackground } from './service.js';

startBackground(defaultApi());
