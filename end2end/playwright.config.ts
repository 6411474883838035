import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3131);
// A second server runs the "gift with quota" policy.
const giftPort = Number(process.env.E2E_GIFT_PORT ?? 3132);
// A third holds the demo's data and its published figures (/insights).
const demoPort = Number(process.env.E2E_DEMO_PORT ?? 3133);

// Debian's Chromium: Playwright cannot download browsers here.
const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Every person speaks a language the tests name: the browser's default is not left to chance.
    locale: 'en-US',
    launchOptions: chromium,
    trace: 'off',
    // A service worker answers pages from the phone; the tests of offline use (offline.spec.ts)
    // allow it, the others test the server's own answers (and `page.route` sees only those).
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 }, launchOptions: chromium } },
    { name: 'phone', use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, launchOptions: chromium } },
  ],
  webServer: [
    // A real SMTP server that keeps what it receives (issue 23): the main server sends its
    // e-mail there, and the tests read it back from its API.
    {
      command: 'npx maildev --smtp 1025 --web 1080 --ip 127.0.0.1',
      cwd: '..',
      url: 'http://127.0.0.1:1080/api/email',
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'bash end2end/serve.sh',
      cwd: '..',
      url: `http://127.0.0.1:${port}/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        E2E_PORT: String(port),
        ENTRAIDE_SMTP_HOST: '127.0.0.1',
        ENTRAIDE_SMTP_PORT: '1025',
        ENTRAIDE_SMTP_TLS: 'none',
      },
    },
    {
      command: 'bash end2end/serve.sh',
      cwd: '..',
      url: `http://127.0.0.1:${giftPort}/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { E2E_PORT: String(giftPort), ENTRAIDE_POLICY: 'gift', ENTRAIDE_GIFT_QUOTA: '2' },
    },
    {
      command: 'bash end2end/serve.sh',
      cwd: '..',
      url: `http://127.0.0.1:${demoPort}/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { E2E_PORT: String(demoPort), E2E_SEED: '1' },
    },
  ],
});
