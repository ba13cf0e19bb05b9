// The dashboard in headless Chromium (Debian's), driven by playwright-core.
// usage: node dashboard.mjs BASE_URL TOKEN SHOT_DIR   (NODE_PATH: its modules)
// Checks: the page loads with no console errors; the chart updates while
// lanlease-probe loads the server; a lease search finds the client that
// just got an address (with JavaScript off too); an unauthenticated
// request to a secure method is refused. Screenshots go to SHOT_DIR.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [base, token, shots] = process.argv.slice(2);
const user = { username: 'admin', password: 'admin-password-1' };
let fails = 0;
function check(name, cond, detail) {
  console.log((cond ? 'ok   ' : 'FAIL ') + name + (cond ? '' : ': ' + (detail ?? '')));
  if (!cond) fails++;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  // a phone-sized window: the page must be readable there
  const ctx = await browser.newContext({ httpCredentials: user, viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const resp = await page.goto(base + '/', { waitUntil: 'load' });
  check('the dashboard loads (digest login)', resp.status() === 200, resp.status());
  check('it has the chart, the counters and the lease table',
    await page.locator('#chart').count() === 1 && await page.locator('#counters').count() === 1 &&
    await page.locator('#lease-table').count() === 1);
  // the chart: one update a second, rates above zero under load
  await page.waitForFunction(() => Number(document.getElementById('chart').dataset.updates || 0) >= 3,
    null, { timeout: 15000 }).catch(() => {});
  const u1 = Number(await page.locator('#chart').getAttribute('data-updates'));
  const total = Number(await page.locator('#chart').getAttribute('data-total'));
  check('the chart updates (' + u1 + ' updates)', u1 >= 3, u1);
  check('the chart shows the load (' + total.toFixed(0) + ' packets/s)', total > 50, total);
  const legend = await page.locator('#rates-now').innerText();
  check('the legend names the message types', /DISCOVER \d+\/s/.test(legend) && /ACK \d+\/s/.test(legend), legend);
  await page.screenshot({ path: shots + '/dashboard-phone.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForTimeout(1200);
  await page.screenshot({ path: shots + '/dashboard.png', fullPage: true });
  // a lease search by MAC for the client that just got an address
  await page.fill('input[name=q]', '02:aa:00:00:00:01');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/"] button')]);
  const rows = await page.locator('#lease-table tr').allInnerTexts();
  check('a lease search finds the client', rows.some((r) => r.includes('10.77.0.51') && r.includes('02:aa:00:00:00:01')), rows.join(' | '));
  await page.screenshot({ path: shots + '/dashboard-search.png', fullPage: true });
  check('no console errors', errors.length === 0, errors.join(' | '));

  // the tables without JavaScript
  const nojs = await browser.newContext({ httpCredentials: user, javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.goto(base + '/?q=10.77.0.51');
  const t2 = await p2.locator('#lease-table').innerText();
  check('with JavaScript off, the search works', t2.includes('02:aa:00:00:00:01'), t2);

  // no login: the secure method and the API are refused
  const anon = await browser.newContext();
  const p3 = await anon.newPage();
  const r3 = await p3.request.get(base + '/lab/secret', { failOnStatusCode: false });
  check('a secure web method without a login: 401', r3.status() === 401, r3.status());
  const r4 = await p3.request.get(base + '/api/v1/leases', { failOnStatusCode: false });
  check('the leases API without a login: 401', r4.status() === 401, r4.status());
  const r5 = await p3.request.post(base + '/api/v1/reload', { failOnStatusCode: false });
  check('reload without a login: 401', r5.status() === 401, r5.status());
  const r6 = await p3.request.get(base + '/api/v1/leases', { headers: { Authorization: 'Bearer ' + token } });
  check('the same with a token: 200', r6.status() === 200, r6.status());
} finally {
  await browser.close();
}
process.exit(fails ? 1 : 0);
