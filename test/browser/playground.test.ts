/**
 * The playground page in a real browser against the local stack: a user asks a question,
 * watches steps appear marked by origin, sees the answer and the totals, reloads in the middle
 * of a turn and sees it resume where it left off (Last-Event-ID), and the page works on a
 * phone-sized screen. Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useStack } from '../support/stack.ts';
import { type Chromium, launchChromium } from './chromium.ts';

const SCREENSHOTS = join(import.meta.dirname, '../../test-results/playground');
// The test profile slowed down, so a turn's steps arrive over a few seconds.
const { stack, simulator } = useStack('browser', { timeScale: 40 });
let browser: Chromium;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function turnDetail(page: Page): Promise<any> {
  const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
  const response = await fetch(
    `${stack().workerUrl}/v1/conversations/${hash.get('conversation')}/turns/${hash.get('turn')}`,
    { headers: { authorization: `Bearer ${stack().apiKey}` } },
  );
  return response.json();
}

/** Each shown step as [index, kind class]. */
function shownSteps(page: Page): Promise<Array<[number, string]>> {
  return page.$$eval('#steps li[data-index]', (items) =>
    items.map((item) => [
      Number(item.getAttribute('data-index')),
      [...item.classList].find((name) => name.startsWith('step-')) ?? '',
    ]),
  );
}

async function askQuestion(page: Page, question: string) {
  await page.goto(`${stack().workerUrl}/`);
  await page.getByLabel('API key').fill(stack().apiKey);
  await page.getByLabel('Question').fill(question);
  await page.getByLabel('Prompt').selectOption('math');
  await page.getByLabel('Seed (optional)').fill('7');
  await page.getByRole('button', { name: 'Ask' }).click();
}

describe('the playground page', () => {
  it('loads without an API key and says how to start', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(`${stack().workerUrl}/`);
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'SpecReason Edge',
    );
    expect(await page.getByRole('status').textContent()).toContain('Ask a question');
    expect(await page.getByLabel('API key').inputValue()).toBe('');
    await page.close();
  });

  it('streams coloured steps and the answer, and resumes the live turn after a reload', async () => {
    const page = await browser.context.newPage();
    const lastEventIds: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/events'))
        lastEventIds.push(request.headers()['last-event-id'] ?? '');
    });
    await askQuestion(page, (await simulator().problems(1, 4, 'math'))[0] as string);

    await page.locator('#steps li[data-index]').first().waitFor();
    expect(await page.getByRole('status').textContent()).toMatch(/^Thinking/);
    await page.screenshot({ path: join(SCREENSHOTS, 'desktop-live.png'), fullPage: true });

    const beforeReload = await shownSteps(page);
    const savedSeq = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((name) => name.startsWith('specreason.events.'));
      const events = JSON.parse(localStorage.getItem(key ?? '') ?? '[]');
      return events.at(-1)?.seq ?? 0;
    });
    expect(savedSeq).toBeGreaterThan(0);
    await page.reload();

    // The steps seen before the reload are back at once, from the page's own record.
    await page
      .locator('#steps li[data-index]')
      .nth(beforeReload.length - 1)
      .waitFor();
    expect((await shownSteps(page)).slice(0, beforeReload.length)).toEqual(beforeReload);
    // ... and the stream picked up after the last event it had, not from the start.
    expect(Number(lastEventIds.at(-1))).toBeGreaterThanOrEqual(savedSeq);

    await page.getByText(/^Turn \d+ completed/).waitFor({ timeout: 90_000 });
    await page.locator('#totals dt', { hasText: 'Base only (estimate)' }).waitFor();
    const detail = await turnDetail(page);
    expect(detail.status).toBe('completed');
    const shown = await shownSteps(page);
    const kinds = { draft: 'step-accepted', base: 'step-rewritten' } as Record<string, string>;
    expect(shown).toEqual(
      detail.steps.map((step: any) => [
        step.index,
        step.decision === 'accepted'
          ? kinds.draft
          : step.decision === 'regenerated'
            ? kinds.base
            : 'step-base',
      ]),
    );
    expect(shown.some(([, kind]) => kind === 'step-accepted')).toBe(true);
    expect(shown.some(([, kind]) => kind === 'step-rewritten')).toBe(true);
    expect(await page.locator('#answer').textContent()).toBe(detail.answer);
    expect(detail.answer).not.toBe('');
    const colours = await page.$$eval('#steps li[data-index]', (items) =>
      items.map((item) => (globalThis as any).getComputedStyle(item).borderLeftColor),
    );
    expect(new Set(colours).size).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#timeline rect.bar-judge').count()).toBeGreaterThan(0);
    expect(await page.locator('#turns li').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'desktop-finished.png'), fullPage: true });

    // A rejected draft opens from the keyboard and shows what the base model replaced.
    const rewritten = detail.steps.find((step: any) => step.decision === 'regenerated');
    const rewrittenItem = page.locator(`#steps li[data-index="${rewritten.index}"]`);
    await rewrittenItem.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await rewrittenItem.locator('del').isVisible()).toBe(true);
    expect(await rewrittenItem.locator('del').textContent()).toBe(rewritten.draft_text);
    expect(await rewrittenItem.locator('.step-text').textContent()).toBe(rewritten.text);

    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => {
      const root = (globalThis as any).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBe(0);
    await rewrittenItem.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-reasoning.png') });
    await page.locator('#timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-totals.png') });
    await page.close();
  });
});
