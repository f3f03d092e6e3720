import { defineConfig } from '@playwright/test';
import { BASE_URL, DATABASE as database, PORT as port, SERVER as server } from './support/env';

// scripts/test.sh picks a free port and a temporary database and exports them; run alone,
// the defaults in support/env.ts are used.

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: BASE_URL ?? `http://127.0.0.1:${port}`,
    locale: 'ja-JP',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
  webServer: BASE_URL ? undefined : {
    // The real server, on a fresh database, serving the release SPA from ../dist (or E2E_STATIC).
    command: `rm -f ${database}* && ${server} serve --listen 127.0.0.1:${port} --database ${database} --static ${process.env.E2E_STATIC ?? '../dist'} --demo`,
    url: `http://127.0.0.1:${port}/api/v1/config`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
