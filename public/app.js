/**
 * The playground's controller: reads the form, starts a turn, follows its events (resuming with
 * Last-Event-ID after a dropped connection or a reload), and keeps the page's regions in step
 * with the turn model. Drawing lives in lib/render.js and lib/timeline.js.
 */
import { ApiFailure, createApi } from './lib/api.js';
import { estimateBaseOnly } from './lib/estimate.js';
import { formatMs, renderFacts, renderSteps, renderTurns } from './lib/render.js';
import * as saved from './lib/saved-turn.js';
import { busyByLane, drawTimeline, timelineBars } from './lib/timeline.js';
import { applyEvent, createTurnModel, totalsOf } from './lib/turn-model.js';

const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
const form = /** @type {HTMLFormElement} */ ($('ask-form'));
const KNOBS = [
  'mode',
  'threshold',
  'score_method',
  'first_n_base_steps',
  'token_budget',
  'pipeline',
  'prompt_template',
  'seed',
];
const NUMERIC = new Set(['threshold', 'first_n_base_steps', 'token_budget', 'seed']);
const MAX_RECONNECTS = 10;

const api = createApi(() => $('api-key').value.trim());
let conversationId = /** @type {string | undefined} */ (undefined);
let turnId = /** @type {number | undefined} */ (undefined);
let model = createTurnModel();
let following = new AbortController();
let drawScheduled = false;
/** @type {Record<string, any> | undefined} the ended turn's resource, once read */
let finished;

function settings() {
  /** @type {Record<string, string>} */
  const values = {};
  for (const name of KNOBS) values[name] = form.elements.namedItem(name).value;
  return values;
}

function showError(/** @type {unknown} */ error) {
  $('error').hidden = error === undefined;
  $('error').textContent = error instanceof Error ? error.message : String(error ?? '');
}

function statusLine() {
  const kept = model.steps.filter(Boolean).length;
  if (model.status === 'waiting') return 'Starting the turn…';
  if (model.status === 'running') {
    if (model.thinkingEndedAt !== undefined) return `Writing the answer after ${kept} steps…`;
    return `Thinking: ${kept} step${kept === 1 ? '' : 's'} kept, step ${kept + 1} in progress…`;
  }
  return `Turn ${turnId} ${model.status} after ${kept} steps.`;
}

function draw() {
  drawScheduled = false;
  renderSteps($('steps'), model);
  $('status').textContent = statusLine();
  $('notice').hidden = model.notice === undefined;
  $('notice').textContent = model.notice ?? '';
  $('answer').textContent = model.answer;
  $('answer').setAttribute('aria-busy', String(model.status === 'running' && model.answer !== ''));
  $('cancel-button').disabled = model.status !== 'running' && model.status !== 'waiting';
  drawTotals();
  const timeline = timelineBars(model.events);
  drawTimeline($('timeline'), timeline);
  const busy = busyByLane(timeline.bars);
  $('timeline-summary').textContent =
    model.events.length === 0
      ? 'The timeline appears when a turn starts.'
      : `Over ${formatMs(timeline.spanMs)}: draft busy ${formatMs(busy.draft)}, judge ${formatMs(busy.judge)}, base ${formatMs(busy.base)}.`;
}

const scheduleDraw = () => {
  if (drawScheduled) return;
  drawScheduled = true;
  requestAnimationFrame(draw);
};

/** The totals: live counts while the turn runs, the turn's own record once it has ended. */
function drawTotals() {
  const totals = totalsOf(model, Date.now());
  const usage = finished?.usage?.specreason;
  const rate = usage?.accept_rate ?? totals.acceptRate;
  /** @type {Array<[string, string]>} */
  const rows = [
    [
      'Steps kept',
      `${totals.steps} (${totals.accepted} accepted, ${totals.rewritten} rewritten, ${totals.base} base)`,
    ],
    ['Accept rate', rate === undefined || rate === null ? '–' : `${Math.round(rate * 100)} %`],
    [
      'Kept tokens',
      `draft ${totals.draftTokens} · base ${totals.baseTokens} · answer ${totals.answerTokens}`,
    ],
  ];
  if (usage !== undefined) {
    rows.push([
      'Generated tokens',
      `draft ${usage.draft_tokens} · base ${usage.base_tokens} (rejected drafts included)`,
    ]);
  }
  rows.push([
    'Cost',
    usage === undefined
      ? '–'
      : `$${usage.cost_usd.toFixed(6)}${usage.estimated ? ' (estimated)' : ''}`,
  ]);
  rows.push(['Elapsed', formatMs(finished?.elapsed_ms ?? totals.elapsedMs)]);
  const estimate = finished === undefined ? undefined : estimateBaseOnly(finished, model);
  let note = '';
  if (estimate !== undefined) {
    rows.push(['Base only (estimate)', formatMs(estimate.ms)]);
    if (estimate.speedup !== undefined)
      rows.push(['Speedup (estimate)', `${estimate.speedup.toFixed(2)}×`]);
    const pace =
      estimate.paceFrom === 'base steps'
        ? "this turn's rewrites and base steps"
        : "this turn's answer";
    note =
      estimate.paceFrom === 'measured'
        ? 'This turn ran with the base model only: the estimate is its measured time.'
        : `Estimate: ${estimate.reasoningTokens} reasoning tokens × ${estimate.msPerToken.toFixed(1)} ms/token (the base model's pace in ${pace}), plus the ${formatMs(estimate.answerMs)} answer.`;
  }
  renderFacts($('totals'), rows);
  $('estimate-note').textContent = note;
}

async function finish() {
  saved.forgetEvents(conversationId, turnId);
  try {
    finished = await api.turn(conversationId, turnId);
    drawTotals();
  } catch (error) {
    showError(error);
  }
  await refreshTurns();
}

async function refreshTurns() {
  $('follow-up-row').hidden = conversationId === undefined;
  $('conversation-label').textContent = conversationId ?? '';
  if (conversationId === undefined) return renderTurns($('turns'), [], undefined, openTurn);
  try {
    const conversation = await api.conversation(conversationId);
    renderTurns($('turns'), conversation.turns, turnId, openTurn);
    $('turns-empty').hidden = conversation.turns.length > 0;
  } catch (error) {
    showError(error);
  }
}

async function follow(/** @type {AbortSignal} */ signal) {
  let failures = 0;
  while (model.status === 'waiting' || model.status === 'running') {
    try {
      for await (const event of api.events(conversationId, turnId, model.lastSeq, signal)) {
        if (!applyEvent(model, event)) continue;
        failures = 0;
        saved.saveEvents(conversationId, turnId, model.events);
        scheduleDraw();
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiFailure && error.status < 500 && error.status !== 429)
        return showError(error);
      failures += 1;
      if (failures > MAX_RECONNECTS) return showError(error);
      $('status').textContent = `Connection lost; reconnecting (attempt ${failures})…`;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * failures, 5000)));
    }
    if (signal.aborted) return;
  }
  draw();
  await finish();
}

/** Shows a turn: its saved events at once, then whatever it missed, live. */
async function openTurn(/** @type {number} */ id) {
  following.abort();
  following = new AbortController();
  turnId = id;
  model = createTurnModel();
  $('steps').replaceChildren();
  finished = undefined;
  saved.writeLocation(conversationId, turnId);
  for (const event of saved.savedEvents(conversationId, turnId)) applyEvent(model, event);
  draw();
  await follow(following.signal);
}

async function ask(/** @type {SubmitEvent} */ submit) {
  submit.preventDefault();
  if (!form.reportValidity()) return;
  showError(undefined);
  const values = settings();
  saved.saveSettings(values);
  saved.saveKey($('remember-key').checked ? $('api-key').value.trim() : undefined);
  /** @type {Record<string, unknown>} */
  const specreason = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== '') specreason[name] = NUMERIC.has(name) ? Number(value) : value;
  }
  const followUp = conversationId !== undefined && $('follow-up').checked;
  $('ask-button').disabled = true;
  try {
    const started = await api.startTurn({
      model: 'specreason',
      messages: [{ role: 'user', content: $('question').value.trim() }],
      specreason,
      ...(followUp ? { conversation_id: conversationId } : {}),
    });
    conversationId = started.conversationId;
    void refreshTurns();
    $('reasoning').focus({ preventScroll: true });
    await openTurn(started.turnId);
  } catch (error) {
    showError(error);
  } finally {
    $('ask-button').disabled = false;
  }
}

function startOver() {
  following.abort();
  conversationId = undefined;
  turnId = undefined;
  finished = undefined;
  model = createTurnModel();
  $('steps').replaceChildren();
  saved.writeLocation(undefined, undefined);
  showError(undefined);
  draw();
  $('status').textContent = 'Ask a question to start.';
  void refreshTurns();
}

form.addEventListener('submit', ask);
$('question').addEventListener('keydown', (/** @type {KeyboardEvent} */ event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
});
$('cancel-button').addEventListener('click', () =>
  api.cancel(conversationId, turnId).catch(showError),
);
$('new-button').addEventListener('click', startOver);
addEventListener('resize', scheduleDraw);
setInterval(() => {
  if (model.status === 'running') drawTotals();
}, 500);

$('api-key').value = saved.savedKey();
for (const [name, value] of Object.entries(saved.savedSettings())) {
  const field = form.elements.namedItem(name);
  if (field !== null && KNOBS.includes(name)) field.value = value;
}
const start = saved.readLocation();
conversationId = start.conversation;
if (conversationId !== undefined && start.turn !== undefined && $('api-key').value !== '') {
  void refreshTurns();
  void openTurn(start.turn);
} else {
  draw();
  $('status').textContent =
    start.turn === undefined
      ? 'Ask a question to start.'
      : `Enter the API key and reload to see turn ${start.turn} of this conversation.`;
  if ($('api-key').value !== '') void refreshTurns();
}
