// Shared by the issue-4 browser tests (sharing.mjs, presenting.mjs): open a page in a fresh
// context, serve a host page from another local origin, read the page's State.
import http from 'node:http';
import path from 'node:path';
import { openPage, snapshot } from './page.mjs';

/** Helpers bound to `ctx` = { browser(), baseUrl(), artifacts }: { open, withHost, apiState, visible }. */
export function createHarness({ browser, baseUrl, artifacts }) {

  /**
   * Open `suffix` (after the base URL) in a fresh context, after `prepare(context)` (routes, init
   * scripts); `body(page, logs, context, errors)`, `errors` collecting the page's uncaught errors;
   * screenshot and page state on failure.
   */
  async function open(name, suffix, body, { viewport = { width: 1100, height: 900 }, contextOptions = {}, base = baseUrl(), prepare = async () => {} } = {}) {
    const context = await browser().newContext({ viewport, ...contextOptions });
    await prepare(context);
    const { page, logs } = await openPage(context, `${base}${suffix}`);
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await body(page, logs, context, errors);
    } catch (error) {
      await page.screenshot({ path: path.join(artifacts, `failure-${name}.png`), fullPage: true }).catch(() => {});
      const state = await snapshot(page).catch(() => null);
      console.log(`--- ${name} failed; page state:`, JSON.stringify(state), '\n--- browser log:\n' + logs.join('\n'));
      throw error;
    } finally {
      await context.close();
    }
  }

  // A blog page on another origin (a second local server: Chromium refuses a page that is not
  // served from a local address framing a local one, so page.route cannot stand in for it).
  async function withHost(html, body) {
    const host = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html));
    await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      await body(`http://127.0.0.1:${host.address().port}/`);
    } finally {
      await new Promise((resolve) => { host.close(resolve); host.closeAllConnections(); });
    }
  }
  const apiState = (page) => page.evaluate(() => window.rethink.state());
  const visible = (page, selector) => page.$eval(selector, (e) => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden').catch(() => false);

  return { open, withHost, apiState, visible };
}
