/**
 * Puts a turn model on the page: the step list (one item per kept step, coloured and labelled by
 * origin, with score, tokens and time, and the rejected draft of a rewritten step), the step being
 * decided, the answer, the totals and the list of past turns. Text always goes in as text.
 */

const KIND_LABELS = {
  accepted: 'Draft accepted',
  rewritten: 'Draft rejected → base rewrite',
  base: 'Base',
  'draft-only': 'Draft only',
};

/**
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {Array<Node | string>} [children]
 */
function h(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/** @param {number | undefined} ms */
export function formatMs(ms) {
  if (ms === undefined || Number.isNaN(ms)) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** @param {import('./turn-model.js').StepView} step */
function stepTime(step) {
  return (step.draftMs ?? 0) + (step.judgeMs ?? 0) + (step.baseMs ?? 0);
}

/** @param {import('./turn-model.js').StepView} step */
function stepItem(step) {
  const facts = [
    step.score === undefined ? undefined : `score ${step.score ?? 'failed'}`,
    `${step.tokens} tokens`,
    formatMs(stepTime(step)),
    step.reason === undefined ? undefined : step.reason.replaceAll('-', ' '),
  ].filter((fact) => fact !== undefined);
  const children = [
    h('div', { class: 'step-head' }, [
      h('span', { class: 'step-number' }, [`Step ${step.index + 1}`]),
      h('span', { class: 'badge' }, [KIND_LABELS[step.kind]]),
      h('span', { class: 'step-facts' }, [facts.join(' · ')]),
    ]),
  ];
  if (step.draftText !== undefined) {
    children.push(
      h('details', { class: 'rejected' }, [
        h('summary', {}, ['Rejected draft']),
        h('p', { class: 'rejected-text' }, [h('del', {}, [step.draftText])]),
      ]),
    );
  }
  children.push(h('p', { class: 'step-text' }, [step.text]));
  return h('li', { class: `step step-${step.kind}`, 'data-index': String(step.index) }, children);
}

/** @param {import('./turn-model.js').PendingStep} pending */
function pendingItem(pending) {
  const what =
    pending.phase === 'judging'
      ? 'Draft proposed, the base model is judging it…'
      : `Draft rejected (score ${pending.score ?? 'failed'}), the base model is rewriting it…`;
  return h('li', { class: 'step step-pending', 'aria-busy': 'true' }, [
    h('div', { class: 'step-head' }, [
      h('span', { class: 'step-number' }, [`Step ${pending.index + 1}`]),
      h('span', { class: 'badge' }, [pending.phase === 'judging' ? 'Judging' : 'Rewriting']),
      h('span', { class: 'step-facts' }, [what]),
    ]),
    h('p', { class: 'step-text draft-preview' }, [pending.draftText]),
  ]);
}

/**
 * Brings the list in line with the model: appends steps not shown yet (so a screen reader's
 * live log announces only new ones) and redraws the pending item.
 * @param {HTMLOListElement} list
 * @param {import('./turn-model.js').TurnModel} model
 */
export function renderSteps(list, model) {
  list.querySelector('.step-pending')?.remove();
  const shown = new Set(
    [...list.querySelectorAll('li[data-index]')].map((item) => item.getAttribute('data-index')),
  );
  for (const step of model.steps) {
    if (step !== undefined && !shown.has(String(step.index))) list.append(stepItem(step));
  }
  if (model.pending !== undefined) list.append(pendingItem(model.pending));
}

/**
 * @param {HTMLElement} container a <dl>
 * @param {Array<[string, string]>} rows
 */
export function renderFacts(container, rows) {
  container.replaceChildren(
    ...rows.flatMap(([term, value]) => [h('dt', {}, [term]), h('dd', {}, [value])]),
  );
}

/**
 * @param {HTMLOListElement} list
 * @param {Array<Record<string, any>>} turns the conversation's turns (API shape)
 * @param {number | undefined} current the turn on screen
 * @param {(turnId: number) => void} open
 */
export function renderTurns(list, turns, current, open) {
  list.replaceChildren(
    ...turns.map((turn) => {
      const button = h('button', { type: 'button', class: 'turn-button' }, [
        h('span', { class: 'turn-question' }, [`${turn.id}. ${turn.question}`]),
        h('span', { class: 'turn-facts' }, [
          `${turn.status}${turn.elapsed_ms === null ? '' : ` · ${formatMs(turn.elapsed_ms)}`}`,
        ]),
      ]);
      if (turn.id === current) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => open(turn.id));
      return h('li', {}, [button]);
    }),
  );
}
