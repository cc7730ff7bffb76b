/**
 * What survives a reload: the API key (when the user asks to remember it), the settings, which
 * turn is on screen (in the URL hash, so a link opens it), and the events of a live turn seen so
 * far (in localStorage), so the page redraws them and asks only for what it missed
 * (Last-Event-ID).
 */

const KEY_ITEM = 'specreason.apiKey';
const SETTINGS_ITEM = 'specreason.settings';
const eventsItem = (/** @type {string} */ conversation, /** @type {number} */ turn) =>
  `specreason.events.${conversation}.${turn}`;

/** @returns {{ conversation: string | undefined, turn: number | undefined }} */
export function readLocation() {
  const params = new URLSearchParams(location.hash.slice(1));
  const turn = Number(params.get('turn'));
  return {
    conversation: params.get('conversation') ?? undefined,
    turn: Number.isInteger(turn) && turn > 0 ? turn : undefined,
  };
}

/** @param {string | undefined} conversation @param {number | undefined} turn */
export function writeLocation(conversation, turn) {
  const params = new URLSearchParams();
  if (conversation !== undefined) params.set('conversation', conversation);
  if (turn !== undefined) params.set('turn', String(turn));
  const hash = params.toString();
  history.replaceState(null, '', hash === '' ? location.pathname : `#${hash}`);
}

export const savedKey = () => localStorage.getItem(KEY_ITEM) ?? '';
/** @param {string | undefined} key undefined forgets it */
export function saveKey(key) {
  if (key === undefined || key === '') localStorage.removeItem(KEY_ITEM);
  else localStorage.setItem(KEY_ITEM, key);
}

/** @returns {Record<string, string>} */
export function savedSettings() {
  try {
    return JSON.parse(localStorage.getItem(SETTINGS_ITEM) ?? '{}');
  } catch {
    return {};
  }
}
/** @param {Record<string, string>} settings */
export const saveSettings = (settings) =>
  localStorage.setItem(SETTINGS_ITEM, JSON.stringify(settings));

/** @param {string} conversation @param {number} turn @returns {Array<Record<string, any>>} */
export function savedEvents(conversation, turn) {
  try {
    const events = JSON.parse(localStorage.getItem(eventsItem(conversation, turn)) ?? '[]');
    return Array.isArray(events) ? events : [];
  } catch {
    return [];
  }
}

/** @param {string} conversation @param {number} turn @param {Array<Record<string, any>>} events */
export function saveEvents(conversation, turn, events) {
  try {
    localStorage.setItem(eventsItem(conversation, turn), JSON.stringify(events));
  } catch {
    // storage full: a reload then replays the turn from its start instead
    localStorage.removeItem(eventsItem(conversation, turn));
  }
}

/** @param {string} conversation @param {number} turn */
export const forgetEvents = (conversation, turn) =>
  localStorage.removeItem(eventsItem(conversation, turn));
