import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3100';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}/admin/sign-in`);
await page.fill('#email', 'ada@example.com');
await page.fill('#password', process.argv[2]);
await page.click('button[type=submit]');
console.log('after sign-in', page.url());
if (page.url().includes('password')) {
  const inputs = await page.$$eval('input[type=password]', (els) => els.map((e) => e.id));
  console.log('password fields', inputs);
  for (const id of inputs) await page.fill(`#${id}`, id.includes('current') ? process.argv[2] : 'a long new password for åsa 2026');
  await page.click('main button[type=submit]');
  console.log('after change', page.url());
}
await page.goto(`${base}/admin/questionnaires`);
await page.screenshot({ path: '/tmp/try/list-1280.png', fullPage: true });
const file = await page.$('input[type=file]');
await file.setInputFiles('/tmp/accept/customer-yes-no.xlsx');
await page.click('form[enctype="multipart/form-data"] button[type=submit]');
console.log('after upload', page.url());
for (let i = 0; i < 60; i++) { const t = await page.content(); if (!t.includes('Suggesting answers')) break; await page.waitForTimeout(1000); await page.reload(); }
await page.screenshot({ path: '/tmp/try/review-1280.png', fullPage: true });
await page.setViewportSize({ width: 375, height: 800 });
await page.screenshot({ path: '/tmp/try/review-375.png', fullPage: true });
console.log('review url', page.url());
await browser.close();
