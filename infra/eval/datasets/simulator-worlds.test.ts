import { describe, expect, it } from 'vitest';
import { buildWorldUrl, loadWorld, parseWorldLines } from './simulator-worlds.ts';

describe('simulator worlds', () => {
  it('builds the world URL with count and seed', () => {
    expect(buildWorldUrl('http://127.0.0.1:8788', 'arithmetic', 5, 3)).toBe(
      'http://127.0.0.1:8788/sim/worlds/arithmetic?count=5&seed=3',
    );
  });

  it('reads math items as id, problem and answer', () => {
    const text = '{"id":"w1","problem":"What is 2+3?","answer":"5"}\n';
    expect(parseWorldLines(text, 'sim:arithmetic')).toEqual([
      { dataset: 'sim:arithmetic', id: 'w1', kind: 'math', question: 'What is 2+3?', answer: '5' },
    ]);
  });

  it('reads multiple-choice items with choices as an object or an array, keeping their order', () => {
    const text = [
      '{"id":"q1","question":"Pick two.","choices":{"A":"1","B":"2","C":"3","D":"4"},"answer":"B"}',
      '{"id":"q2","question":"Pick four.","choices":["1","2","3","4"],"answer":"(D)"}',
    ].join('\n');
    const [first, second] = parseWorldLines(text, 'sim:choice');
    expect(first).toMatchObject({ kind: 'multiple-choice', answer: 'B', choices: { B: '2' } });
    expect(second).toMatchObject({ answer: 'D', choices: { A: '1', D: '4' } });
  });

  it('rejects a multiple-choice answer that is not a letter', () => {
    const text = '{"id":"q3","question":"?","choices":["1","2","3","4"],"answer":"2"}';
    expect(() => parseWorldLines(text, 'sim:choice')).toThrow('not a letter A–D');
  });

  it('names the status and URL when the simulator refuses', async () => {
    const fetch = (async () =>
      new Response('unknown world', { status: 404 })) as typeof globalThis.fetch;
    await expect(
      loadWorld('nope', { simulatorUrl: 'http://127.0.0.1:1', count: 1, seed: 0, fetch }),
    ).rejects.toThrow('status 404: GET http://127.0.0.1:1/sim/worlds/nope?count=1&seed=0');
  });
});
