// What the end-to-end tests share: where the built client and the screenshots are, the real
// server serving the client with the REST limiter on, headless Chromium, and a page that
// records every 429 it meets and signs in as a person would.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../tests/integration/server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const dist = path.resolve(here, '..', 'dist');
export const shots = process.env.PARLEY_SCREENSHOT_DIR || path.resolve(here, '..', '..', 'build', 'web-screenshots');
export const TIMEOUT = 15_000;

// parley serving web/dist, with Rocket.Chat's REST rate limiter on (its default).
export async function startAppServer() {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), `no built client in ${dist}: npm run build first`);
  fs.mkdirSync(shots, { recursive: true });
  return startServer({ env: { PARLEY_WEB_ROOT: dist, OVERWRITE_SETTING_API_Enable_Rate_Limiter: undefined } });
}

export const launchBrowser = () =>
  chromium.launch({
    executablePath: process.env.PARLEY_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });

// A new browser context on the app, signed in as `user`; each 429 goes into `tooMany`.
export async function openSignedIn(browser, server, { name, user, password, tooMany }) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('response', (res) => {
    if (res.status() === 429) tooMany.push(`${name}: ${res.request().method()} ${res.url()}`);
  });
  page.on('pageerror', (err) => console.error(`[${name}] page error:`, err.message));
  await page.goto(server.url + '/');
  await page.getByLabel('Username or email').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Room list' }).waitFor();
  return { context, page };
}

export const shot = (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`) });
