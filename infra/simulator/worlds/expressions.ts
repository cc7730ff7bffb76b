/**
 * Plain arithmetic questions ("what is 17*23+4?"): finds the expression in free text, parses it
 * with the usual precedence and parentheses, and plans one step per operation, innermost first,
 * so the simulator actually works the question out step by step.
 */
import type { Operand, Operation, Plan, PlanStep } from './plan.ts';

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'binary'; operation: Operation; left: Node; right: Node };

const WORDS: readonly [RegExp, string][] = [
  [/\bplus\b/gi, '+'],
  [/\bminus\b/gi, '-'],
  [/\b(?:times|multiplied by)\b/gi, '*'],
  [/\bdivided by\b/gi, '/'],
  [/(\d)\s*[xX]\s*(?=\d)/g, '$1*'],
];

/** The plan for the first arithmetic expression in `text` with at least one operation. */
export function planExpression(text: string): Omit<Plan, 'finalStyle' | 'difficulty'> | undefined {
  let normalized = text;
  for (const [pattern, replacement] of WORDS) normalized = normalized.replace(pattern, replacement);
  const candidates = normalized.match(/[\d.()+\-*/×÷\s]{3,}/g) ?? [];
  for (const candidate of candidates) {
    const source = candidate.trim().replace(/[.\s]+$/, '');
    if (!/\d\s*[-+*/×÷]\s*[\d(]/.test(source)) continue;
    const node = parseExpression(source);
    if (node === undefined || node.kind === 'number') continue;
    const steps: PlanStep[] = [];
    toSteps(node, steps);
    return { steps, target: `the value of ${describe(node)}` };
  }
  return undefined;
}

function parseExpression(source: string): Node | undefined {
  const tokens = source.match(/\d+(?:\.\d+)?|[-+*/×÷()]/g) ?? [];
  let position = 0;
  const peek = () => tokens[position];
  const expression = (): Node | undefined => {
    let left = term();
    while (left !== undefined && (peek() === '+' || peek() === '-')) {
      const operation = tokens[position++] as '+' | '-';
      const right = term();
      left = right === undefined ? undefined : { kind: 'binary', operation, left, right };
    }
    return left;
  };
  const term = (): Node | undefined => {
    let left = factor();
    while (left !== undefined && ['*', '/', '×', '÷'].includes(peek() ?? '')) {
      const symbol = tokens[position++];
      const right = factor();
      const operation: Operation = symbol === '*' || symbol === '×' ? '×' : '÷';
      left = right === undefined ? undefined : { kind: 'binary', operation, left, right };
    }
    return left;
  };
  const factor = (): Node | undefined => {
    const token = tokens[position++];
    if (token === undefined) return undefined;
    if (token === '(') {
      const inner = expression();
      return tokens[position++] === ')' ? inner : undefined;
    }
    const value = Number(token);
    return Number.isFinite(value) ? { kind: 'number', value } : undefined;
  };
  const node = expression();
  return position === tokens.length ? node : undefined;
}

function toSteps(node: Node, steps: PlanStep[]): Operand {
  if (node.kind === 'number') return { kind: 'literal', value: node.value };
  const left = toSteps(node.left, steps);
  const right = toSteps(node.right, steps);
  steps.push({ left, operation: node.operation, right, subject: subjectOf(node) });
  return { kind: 'step', index: steps.length - 1 };
}

const NAMES: Readonly<Record<Operation, string>> = {
  '+': 'sum',
  '-': 'difference',
  '×': 'product',
  '÷': 'quotient',
};
const PRECEDENCE: Readonly<Record<Operation, number>> = { '+': 1, '-': 1, '×': 2, '÷': 2 };

function subjectOf(node: Extract<Node, { kind: 'binary' }>): string {
  return `the ${NAMES[node.operation]} of ${operandName(node.left)} and ${operandName(node.right)}`;
}

function operandName(node: Node): string {
  return node.kind === 'number' ? String(node.value) : `(${describe(node)})`;
}

function describe(node: Node, parent?: Operation): string {
  if (node.kind === 'number') return String(node.value);
  const text = `${describe(node.left, node.operation)} ${node.operation} ${describe(node.right, node.operation)}`;
  return parent !== undefined && PRECEDENCE[parent] > PRECEDENCE[node.operation]
    ? `(${text})`
    : text;
}
