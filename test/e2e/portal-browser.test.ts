import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { formatInstant } from '../../domain/time';
import { useTestEngine } from '../helpers/engine';
import { eventually, PORTAL_PASSWORDS, useTestPortal } from '../helpers/portal';

const CHROMIUM = '/usr/bin/chromium';
/** Every page the run visits, as PNGs (kept out of git): what a reviewer looks at without running it. */
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'portal');

const siteTime = (hours: number, timeZone = 'America/New_York') => {
  const m = /^(\S+) (\d{2}:\d{2})/.exec(
    formatInstant(new Date(Date.now() + hours * 3_600_000).toISOString(), timeZone),
  )!;
  return { date: m[1], time: m[2] };
};

/**
 * The dispatch portal's pages in headless Chromium (Debian's package, driven by playwright-core), over a
 * real Temporal, the workers and the vendor sandbox: a dispatcher requests, follows, changes and
 * cancels a CTS dispatch; a viewer can only look.
 */
(existsSync(CHROMIUM) ? describe : describe.skip)('end to end: the dispatch portal in a browser', () => {
  const engine = useTestEngine('portal-browser');
  const portal = useTestPortal(engine);
  let browser: Browser;
  let shot = 0;
  const screenshot = async (page: Page, name: string) => {
    const file = join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(5_000);
  };
  const signIn = async (page: Page, user: keyof typeof PORTAL_PASSWORDS) => {
    await page.goto(`${portal.url}/dispatches`);
    await page.waitForURL(/\/login\?next=/);
    await page.fill('input[name="username"]', user);
    await page.fill('input[name="password"]', PORTAL_PASSWORDS[user]);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${portal.url}/dispatches`);
  };
  const state = (page: Page) => page.locator('#state').innerText();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a dispatcher requests a CTS dispatch, sees it confirmed with its SMS, moves it, and cancels it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Every answer of 400 or more: only the two the test provokes may appear (no missing asset, no CSP breakage).
    const failures: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
    });

    // A wrong password first: the page says so, no session.
    await page.goto(`${portal.url}/login`);
    await page.fill('input[name="username"]', 'dana');
    await page.fill('input[name="password"]', 'not-her-password');
    await page.click('button[type="submit"]');
    await page.getByText('Wrong user name or password.').waitFor();
    await screenshot(page, 'login-refused');
    await signIn(page, 'dana');

    await page.click('text=New dispatch');
    await page.selectOption('select[name="vendor"]', 'cts');
    await page.fill('input[name="ticketId"]', '4694970');
    await page.click("text=Look up the ticket's site");
    await page.getByText('Site: Acme Logistics, 1200 Harbor Blvd, Newark, NJ 07114').waitFor();
    const when = siteTime(72);
    await page.fill('input[name="date"]', when.date);
    await page.fill('input[name="time"]', when.time);
    await page.fill('input[name="timeZone"]', 'America/New_York');
    await page.fill('input[name="contactName"]', 'Dana Smith');
    await page.fill('input[name="contactPhone"]', 'ask at the desk');
    await page.fill('textarea[name="description"]', 'Replace the edge');
    await page.click('text=Request the dispatch');
    // Field-level error under the phone; everything typed is still there.
    await page.getByText('must be a US phone number such as +1 212-555-0100').waitFor();
    expect(await page.inputValue('input[name="contactName"]')).toBe('Dana Smith');
    await screenshot(page, 'form-field-error');
    await page.fill('input[name="contactPhone"]', '+1 212-555-0142');
    await page.click('text=Request the dispatch');
    await page.waitForURL(/\/dispatches\/cts\/IGZ-[0-9a-f]{10}$/);
    const detailUrl = page.url();
    const reference = detailUrl.split('/').at(-1)!;
    // Pending at the vendor refreshes itself until CTS has it.
    await eventually(
      async () => {
        await page.reload();
        return state(page);
      },
      (s) => s === 'requested',
    );
    expect(await page.locator('#appointment').innerText()).toBe(`${when.date} ${when.time} (America/New_York)`);
    await screenshot(page, 'detail-requested');

    await page.goto(`${portal.url}/dispatches?vendor=cts&state=requested`);
    const row = page.locator(`tr[data-reference="${reference}"]`);
    expect(await row.locator('.state').innerText()).toBe('requested');
    expect(await row.locator('td').nth(5).innerText()).toBe('dana');
    await screenshot(page, 'list-requested');

    // CTS schedules it; the monitor's cycle confirms it and texts the site.
    const record = Object.entries(
      (
        (await engine.sb.call('GET', '/_sandbox/state')).json as {
          vendors: { cts: { dispatches: Record<string, { Description__c: string }> } };
        }
      ).vendors.cts.dispatches,
    ).find(([, d]) => d.Description__c.includes(reference))!;
    await engine.sb.call('PATCH', `/_sandbox/cts/dispatches/${record[0]}`, {
      Status__c: 'Scheduled',
      Local_Site_Time__c: new Date(Date.now() + 30 * 3_600_000).toISOString(),
      API_Resource_Name__c: 'Joe Tech',
    });
    await engine.triggerSchedule('cts-dispatch-monitor');
    await eventually(
      async () => {
        await page.goto(detailUrl);
        return page.locator('tr[data-event="confirmed"]').count();
      },
      (n) => n === 1,
    );
    expect(await state(page)).toBe('confirmed');
    // When, event, to whom, SMS, note: the vendor gave no technician phone, so the site contact alone is texted.
    expect(await page.locator('tr[data-event="confirmed"] td').nth(2).innerText()).toBe('site contact');
    expect(await page.locator('tr[data-event="confirmed"] td').nth(3).innerText()).toBe('sent');
    const reminderBefore = await page.locator('#next-reminder').innerText();
    expect(reminderBefore).toMatch(/^12-hour reminder at /);
    await screenshot(page, 'detail-confirmed');

    // Move the appointment two days on: the reminders move with it.
    await page.click('text=Edit appointment, contact or scope');
    const later = siteTime(80);
    await page.fill('input[name="date"]', later.date);
    await page.fill('input[name="time"]', later.time);
    await screenshot(page, 'edit-form');
    await page.click('text=Save the change');
    await page.getByText('Change sent to the vendor').waitFor();
    await eventually(
      async () => {
        await page.goto(detailUrl);
        return page.locator('#next-reminder').innerText();
      },
      (text) => text !== reminderBefore,
    );
    expect(await page.locator('#appointment').innerText()).toBe(`${later.date} ${later.time} (America/New_York)`);
    await screenshot(page, 'detail-moved');

    // Cancel with a reason: CTS is asked by email; its cancellation ends the dispatch.
    await page.fill('input[name="reason"]', 'customer fixed the router');
    await page.click('text=Ask CTS to cancel');
    await page.getByText('Cancel request sent to the vendor').waitFor();
    await eventually(
      async () => {
        await page.goto(detailUrl);
        return state(page);
      },
      (s) => s === 'cancel requested',
    );
    await engine.sb.call('PATCH', `/_sandbox/cts/dispatches/${record[0]}`, { Status__c: 'Canceled' });
    await engine.triggerSchedule('cts-dispatch-monitor');
    await eventually(
      async () => {
        await page.goto(detailUrl);
        return state(page);
      },
      (s) => s === 'cancelled',
    );
    expect(await page.locator('text=Edit appointment, contact or scope').count()).toBe(0);
    await screenshot(page, 'detail-cancelled');
    expect(pageErrors).toEqual([]);
    expect(failures).toEqual(['401 POST /login', '422 POST /dispatches']);
  });

  it('a viewer sees the dispatches but cannot change anything', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'victor');
    expect(await page.locator('text=New dispatch').count()).toBe(0);
    const first = page.locator('table.dispatches tbody tr a').first();
    await first.click();
    await page.waitForURL(/\/dispatches\/cts\/IGZ-/);
    expect(await page.locator('text=Edit appointment').count()).toBe(0);
    expect(await page.locator('input[name="reason"]').count()).toBe(0);
    await screenshot(page, 'viewer-detail');
    const forbidden = await page.goto(`${portal.url}/dispatches/new`);
    expect(forbidden?.status()).toBe(403);
    await page.getByText('victor is a viewer: only a dispatcher can change dispatches.').waitFor();
    await screenshot(page, 'viewer-forbidden');
    // Even a hand-made request from the viewer's browser is refused (role, then CSRF).
    const status = await page.evaluate(async (url) => {
      const res = await fetch(`${url}/api/dispatches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'viewer-try-1234' },
        body: JSON.stringify({ vendor: 'cts' }),
      });
      return res.status;
    }, portal.url);
    expect(status).toBe(403);
    await context.close();
  });
});
