/**
 * The timeline picture: when the draft model, the judge and the base model were busy during a
 * turn, drawn as an SVG with one lane each. Bars come from the events' `at` (when the event was
 * recorded) and the call times they carry, so a bar ends when its result was recorded.
 */

const LANES = /** @type {const} */ (['draft', 'judge', 'base']);
const SVG = 'http://www.w3.org/2000/svg';

/**
 * @typedef {object} Bar
 * @property {'draft' | 'judge' | 'base'} lane
 * @property {'draft' | 'judge' | 'rewrite' | 'base' | 'answer'} kind
 * @property {number} start  ms from the turn's start
 * @property {number} end
 * @property {string} label
 */

/**
 * @param {Array<Record<string, any>>} events
 * @returns {{ bars: Bar[], spanMs: number }}
 */
export function timelineBars(events) {
  const origin = events.find((event) => event.type === 'turn-start')?.at ?? events[0]?.at ?? 0;
  /** @type {Bar[]} */
  const bars = [];
  const add = (
    /** @type {Bar['lane']} */ lane,
    /** @type {Bar['kind']} */ kind,
    /** @type {number} */ endAt,
    /** @type {number} */ elapsedMs,
    /** @type {string} */ label,
  ) => {
    const end = endAt - origin;
    bars.push({ lane, kind, start: Math.max(0, end - elapsedMs), end, label });
  };
  let answerStart;
  let answerEnd;
  for (const event of events) {
    const step = `step ${event.index + 1}`;
    if (event.type === 'step-proposed') add('draft', 'draft', event.at, event.elapsedMs, step);
    else if (event.type === 'step-scored')
      add('judge', 'judge', event.at, event.elapsedMs, `${step}: score ${event.score ?? '–'}`);
    else if (event.type === 'step-regenerated')
      add('base', 'rewrite', event.at, event.elapsedMs, `${step} rewritten`);
    else if (event.type === 'step-generated')
      add(
        event.origin === 'base' ? 'base' : 'draft',
        event.origin === 'base' ? 'base' : 'draft',
        event.at,
        event.elapsedMs,
        `${step} (${event.reason})`,
      );
    else if (event.type === 'thinking-end') answerStart = event.at - origin;
    else if (event.type === 'answer-delta' || event.type === 'turn-end') {
      if (answerStart !== undefined) answerEnd = event.at - origin;
    }
  }
  if (answerStart !== undefined && answerEnd !== undefined && answerEnd > answerStart) {
    bars.push({
      lane: 'base',
      kind: 'answer',
      start: answerStart,
      end: answerEnd,
      label: 'answer',
    });
  }
  const last = events.at(-1)?.at;
  const spanMs = Math.max(1, last === undefined ? 0 : last - origin, ...bars.map((bar) => bar.end));
  return { bars, spanMs };
}

/**
 * Busy milliseconds per lane (overlaps within a lane are not merged: calls in one lane run one
 * at a time).
 * @param {Bar[]} bars
 */
export function busyByLane(bars) {
  /** @type {Record<string, number>} */
  const busy = { draft: 0, judge: 0, base: 0 };
  for (const bar of bars) busy[bar.lane] = (busy[bar.lane] ?? 0) + (bar.end - bar.start);
  return busy;
}

/**
 * Draws the bars into an `<svg>` element (replacing what it held).
 * @param {SVGSVGElement} svg
 * @param {{ bars: Bar[], spanMs: number }} timeline
 */
export function drawTimeline(svg, { bars, spanMs }) {
  // Draw at the element's own width, so the labels keep their size on a phone.
  const width = Math.max(300, Math.round(svg.getBoundingClientRect().width) || 640);
  const left = 56;
  const laneHeight = 26;
  const top = 8;
  const height = top + LANES.length * laneHeight + 22;
  svg.replaceChildren(...svg.querySelectorAll(':scope > title'));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const x = (/** @type {number} */ ms) => left + ((width - left - 8) * ms) / spanMs;
  const element = (
    /** @type {string} */ name,
    /** @type {Record<string, string | number>} */ attributes,
    text = '',
  ) => {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    if (text !== '') node.textContent = text;
    svg.append(node);
    return node;
  };
  LANES.forEach((lane, row) => {
    const y = top + row * laneHeight;
    element('rect', { x: left, y, width: width - left - 8, height: laneHeight - 6, class: 'lane' });
    element('text', { x: 0, y: y + laneHeight / 2 + 1, class: 'lane-label' }, lane);
  });
  for (const bar of bars) {
    const row = LANES.indexOf(bar.lane);
    const rect = element('rect', {
      x: x(bar.start),
      y: top + row * laneHeight + 2,
      width: Math.max(1.5, x(bar.end) - x(bar.start)),
      height: laneHeight - 10,
      class: `bar bar-${bar.kind}`,
    });
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${bar.label}: ${Math.round(bar.end - bar.start)} ms`;
    rect.append(title);
  }
  const axisY = top + LANES.length * laneHeight + 14;
  const stepMs = niceStep(spanMs / 5);
  for (let ms = 0; ms <= spanMs; ms += stepMs) {
    element(
      'text',
      { x: x(ms), y: axisY, class: 'tick' },
      `${(ms / 1000).toFixed(stepMs < 1000 ? 1 : 0)} s`,
    );
  }
}

/** @param {number} rough */
function niceStep(rough) {
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  const scaled = rough / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}
