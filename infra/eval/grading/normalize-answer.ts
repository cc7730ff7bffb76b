/**
 * Brings a LaTeX answer to a canonical spelling before comparison: the usual normalisations of
 * MATH-style graders (fraction and root shorthands, `\left`/`\right`, spacing commands, degrees,
 * units and `\text{…}`, percent, dollars, thousands separators, trailing `.0`, a leading `x =`).
 * Pure string work; the meaning is compared later by math-equivalence.ts.
 */

export interface NormalizedAnswer {
  /** The canonical spelling, without spaces. */
  text: string;
  /** True when the answer was written as a percentage (the sign is removed from `text`). */
  isPercent: boolean;
}

const UNIT_WORDS =
  'cm|mm|km|meters?|centimeters?|kilometers?|inches|inch|feet|foot|ft|yards?|miles?|units?|' +
  'square\\s+units|sq\\s+units|degrees?|dollars?|cents?|seconds?|minutes?|hours?|days?|' +
  'weeks?|years?|mph|kg|grams?|pounds?|lbs?|liters?|ml|people|students|ways|points|coins|times';
const TRAILING_TEXT = /^(.*\d.*?)\s*\\(?:text|textrm|mbox|mathrm)\{[^{}]*\}(?:\^\{?\d\}?)?$/;
const TRAILING_UNIT = new RegExp(`^(.*\\d[^a-zA-Z]*?)\\s*(?:${UNIT_WORDS})(?:\\^\\{?\\d\\}?)?$`);

export interface NormalizeOptions {
  /** Drop a leading `x =` (default true); false keeps an equation whole. */
  stripVariable?: boolean;
}

export function normalizeAnswer(raw: string, options: NormalizeOptions = {}): NormalizedAnswer {
  let text = raw.trim();
  text = text.replace(/^\$+|\$+$/g, '').replace(/^\\[([]|\\[)\]]$/g, '');
  text = replaceUnicode(text);
  text = text.replace(/\\(?:displaystyle|left|right|big|Big|bigg|Bigg)(?![a-zA-Z])/g, '');
  // The lookbehind keeps a matrix row break (`\\`) intact.
  text = text.replace(/(?<!\\)\\(?:[,;:! ]|quad|qquad)/g, ' ').replace(/~/g, ' ');
  text = text.replace(/\\[dt]frac/g, '\\frac');
  text = text.replace(/\\lbrace/g, '\\{').replace(/\\rbrace/g, '\\}');
  text = text.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|\\degree/g, '');
  const isPercent = /\\?%/.test(text);
  text = text.replace(/\\?%/g, '').replace(/\\\$/g, '');
  text = stripUnits(text);
  text = text.replace(
    /\\(?:text|textrm|textbf|textit|mbox|mathrm|mathbf|operatorname)\{([^{}]*)\}/g,
    '$1',
  );
  text = text.replace(/\s+(?:and|or)\s+/g, ',');
  if (options.stripVariable !== false) {
    text = text.replace(/^[a-zA-Z](?:_\{?\w+\}?)?\s*(?:=|\\in)\s*(?=[^=]*$)/, '');
  }
  text = expandShorthands(text);
  // `\pm a` names both roots.
  text = text.replace(/^\\pm\s*(.+)$/, '$1,-$1');
  text = text.replace(/\s+/g, '');
  text = text.replace(/\{,\}/g, '');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  text = text.replace(/(\d)\.0+(?!\d)/g, '$1').replace(/(\d\.\d*?[1-9])0+(?!\d)/g, '$1');
  text = text.replace(/(^|[^\d.])\.(\d)/g, '$10.$2');
  text = text.replace(/\.$/, '');
  text = text.replace(/^\(([A-Za-z])\)$/, '$1');
  return { text, isPercent };
}

function replaceUnicode(text: string): string {
  return text
    .replace(/−/g, '-')
    .replace(/×/g, '\\times ')
    .replace(/π/g, '\\pi ')
    .replace(/∞/g, '\\infty ')
    .replace(/√/g, '\\sqrt')
    .replace(/°/g, '');
}

/** Removes a unit after a number: `5\text{ cm}^2`, `12 inches`, `\$3` is handled by the caller. */
function stripUnits(text: string): string {
  const withoutText = TRAILING_TEXT.exec(text);
  const base = withoutText?.[1] ?? text;
  const withoutUnit = TRAILING_UNIT.exec(base);
  return (withoutUnit?.[1] ?? base).trim();
}

/** `\frac12` → `\frac{1}{2}`, `\frac1{x}` → `\frac{1}{x}`, `\sqrt2` → `\sqrt{2}`. */
function expandShorthands(text: string): string {
  return (
    text
      .replace(/\\frac\s*(\d)\s*(\d)/g, '\\frac{$1}{$2}')
      .replace(/\\frac\s*(\d)\s*\{/g, '\\frac{$1}{')
      .replace(/\\frac\s*(\{[^{}]*\})\s*(\d)/g, '\\frac$1{$2}')
      // LaTeX reads one token: `\sqrt23` is √2·3.
      .replace(/\\sqrt\s*(\d|[a-zA-Z])/g, '\\sqrt{$1}')
  );
}
