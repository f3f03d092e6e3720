import { test as base, expect } from '@playwright/test';

/**
 * Playwright's `test`, plus an automatic check on every page: the server's security headers
 * (CSP without 'unsafe-inline', Permissions-Policy) must not block or warn about anything the
 * app does. A violation or an unrecognised policy is reported by Chromium on the console.
 */
export const test = base.extend<{ policyCheck: void }>({
  policyCheck: [
    async ({ page }, use) => {
      const complaints: string[] = [];
      page.on('console', (message) => {
        const text = message.text();
        if (/Content Security Policy|Permissions-Policy|integrity/i.test(text)) {
          complaints.push(`${message.type()}: ${text}`);
        }
      });
      await use();
      expect(complaints, 'the security headers blocked or warned about something').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
